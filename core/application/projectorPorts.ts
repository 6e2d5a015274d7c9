import type { Resource } from '../domain/resource.js';
import type { StoredEvent } from '../domain/events.js';
import type { TargetKey } from '../projection/projection.js';
import type { Snapshot } from '../projection/snapshot.js';
import type { StoredAgentReport } from './proxyStatus.js';

/** What the projector needs from storage. */
export interface ProjectionStore {
  /** A stream's events after a version, in order, at most `limit`. */
  readEvents(stream: string, afterVersion: number, limit: number): Promise<StoredEvent[]>;
  /**
   * Where a cold start can begin instead of the stream's first event: the
   * mesh and its resources as they stand, and a version of `stream` they are
   * at least as new as. Undefined when `stream` is not the mesh's current one
   * (deleted, or deleted and created again): then the log is the only source.
   */
  readMeshState(stream: string): Promise<{ version: number; mesh: Resource; resources: Resource[] } | undefined>;
  /** The version of every snapshot stored for a mesh. */
  snapshotVersions(mesh: string): Promise<Map<TargetKey, string>>;
  /** Writes a snapshot unless one from a later mesh version is already there. */
  putSnapshot(mesh: string, target: TargetKey, snapshot: Snapshot, meshVersion: number): Promise<void>;
  deleteSnapshot(mesh: string, target: TargetKey, meshVersion: number): Promise<void>;
  saveCheckpoint(mesh: string, stream: string, version: number): Promise<void>;
}

/** A stored snapshot as agents fetch it. */
export interface StoredSnapshot {
  readonly version: string;
  readonly meshVersion: number;
  readonly snapshot: Snapshot;
}

export interface SnapshotReader {
  getSnapshot(mesh: string, target: TargetKey): Promise<StoredSnapshot | undefined>;
}

/**
 * Resolves when the snapshot of `target` may have changed, after `timeoutMs`,
 * or when `signal` aborts. It listens from the moment it is called, so a
 * change between "start watching" and "read" is never missed. Only the local runtime has one (it tails the snapshots table's
 * stream); on AWS the config endpoint answers at once.
 */
export type SnapshotWatch = (mesh: string, target: TargetKey, timeoutMs: number, signal: AbortSignal) => Promise<void>;

/** Where agents' reports of their proxies land, and where the mesh status reads them back. */
export interface AgentReportStore {
  putAgentReport(mesh: string, report: StoredAgentReport): Promise<void>;
  /** Every snapshot version of the mesh and every agent report not yet expired from the table. */
  meshReports(mesh: string): Promise<{ snapshots: Map<TargetKey, string>; reports: StoredAgentReport[] }>;
}
