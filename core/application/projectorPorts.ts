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
  /**
   * Writes a snapshot unless one from a later version of the same stream is
   * already there; one a mesh of the same name wrote before it was deleted
   * and created again is replaced.
   */
  putSnapshot(mesh: string, target: TargetKey, snapshot: Snapshot, meshVersion: number, stream: string): Promise<void>;
  /** Deletes a snapshot `stream` wrote, unless it is from a later version; never one of another stream. */
  deleteSnapshot(mesh: string, target: TargetKey, meshVersion: number, stream: string): Promise<void>;
  /** Records that every snapshot of `stream` is compiled from `version` or later; it only moves forward. */
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
  /**
   * Every snapshot of the mesh (its content version and the mesh version it
   * was compiled at), every agent report not yet expired from the table, the
   * log's head (the mesh's current stream and its last version) and the
   * projector's checkpoint on that stream, if it has one.
   */
  meshReports(mesh: string): Promise<MeshReports>;
}

export interface StreamPoint {
  readonly stream: string;
  readonly version: number;
}

export interface MeshReports {
  readonly snapshots: Map<TargetKey, { readonly version: string; readonly meshVersion: number }>;
  readonly reports: StoredAgentReport[];
  readonly head?: StreamPoint;
  readonly projected?: StreamPoint;
}
