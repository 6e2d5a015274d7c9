import { meshReader } from '../projection/meshReader.js';
import type { Projection, Rejected, TargetKey } from '../projection/projection.js';
import { catchUp, emptyProjection, projectAll, projectChanges } from '../projection/projection.js';
import { seedMeshState } from '../projection/meshState.js';
import type { StoredEvent } from '../domain/events.js';
import type { ProjectionStore } from './projectorPorts.js';
import type { RegistryFeed } from './registryFeed.js';
import type { StreamKind } from './streams.js';
import { meshOfStream, streamKindOf } from './streams.js';
import type { RegistryUse } from './registryProjection.js';
import { createRegistryLink, emptyRegistryUse } from './registryProjection.js';

export interface ProjectionReport {
  readonly stream: string;
  readonly version: number;
  readonly written: number;
  readonly removed: number;
  readonly rejected: readonly Rejected[];
}

/** A stream of no declared kind: left alone, so one foreign record cannot hold up a batch. */
export interface SkippedStream {
  readonly stream: string;
  readonly skipped: string;
}

export const isSkipped = (outcome: unknown): outcome is SkippedStream => typeof outcome === 'object' && outcome !== null && 'skipped' in outcome;

const pageSize = 500;
/** Snapshot writes are independent items; a few at a time keeps a big change quick without a thundering herd. */
const writeConcurrency = 16;
/** Passes of projectStream for a mesh that reads Cloud Map instances (see there). */
const maxPasses = 4;

/** Runs tasks a few at a time; after a failure starts no more, lets the running ones settle, then throws. */
async function inParallel(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < tasks.length) {
      const task = tasks[next++];
      try {
        await task?.();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Keeps each mesh's projection in memory (a warm Lambda or the local runtime)
 * and brings it up to the log on every nudge. A stream record only says "look
 * again": the projector reads what follows its own position, so duplicated,
 * retried or reordered records change nothing. After any failure the mesh's
 * projection is dropped and rebuilt from the log, and since snapshots are
 * compared by content-hash, a rebuild writes only what really differs.
 */
export interface ProjectorHooks {
  /**
   * A proxy's compiled snapshot failed Envoy's gates (core/projection/validate) and was not
   * written: a compiler bug, since input that cannot compile is refused at the API. The
   * proxy keeps its last good snapshot.
   */
  readonly onRejected?: (mesh: string, rejected: Rejected) => void;
}

export function createProjector(store: ProjectionStore, registryFeed?: RegistryFeed, hooks: ProjectorHooks = {}) {
  const projections = new Map<string, { projection: Projection; written: Map<string, string>; registry: RegistryUse }>();
  const registry = createRegistryLink(registryFeed);

  async function projectOnce(stream: string, delivered?: readonly StoredEvent[]): Promise<ProjectionReport> {
    const mesh = meshOfStream(stream);
    let entry = projections.get(stream);
    const cold = !entry;
    if (!entry) entry = { projection: emptyProjection(mesh), written: await store.snapshotVersions(mesh), registry: emptyRegistryUse() };
    try {
      if (cold) {
        // Begin from the mesh as it stands, not from the stream's first event.
        const now = await store.readMeshState(stream);
        if (now) seedMeshState(entry.projection.state, now.version, now.mesh, now.resources);
      }
      // What follows the projection: the nudging records' own events when they carry on
      // from it without a gap (no read), otherwise the log.
      const position = entry.projection.state.version;
      const events = (!cold && delivered ? followingOn(delivered, position) : undefined) ?? (await eventsAfter(stream, position));
      const changed = catchUp(entry.projection, events);
      const moved = await registry.refresh(entry.projection.state, entry.registry);
      if (!cold && events.length === 0 && moved.length === 0) return { stream, version: entry.projection.state.version, written: 0, removed: 0, rejected: [] };
      // Cold: compile every proxy, and remove the stored snapshots of those the fold no longer
      // holds (a stream with no events has written none); warm: only what the events, or moved
      // Cloud Map instances, reach.
      const reader = meshReader(entry.projection.state, registry.instancesOf);
      registry.markCompiled(entry.registry);
      const stored = entry.projection.state.version > 0 ? (entry.written.keys() as Iterable<TargetKey>) : [];
      const { changes, rejected } = cold ? projectAll(entry.projection, reader, stored) : projectChanges(entry.projection, [...changed, ...moved], reader);
      for (const refused of rejected) hooks.onRejected?.(mesh, refused);
      const meshVersion = entry.projection.state.version;
      const writes: (() => Promise<void>)[] = [];
      let written = 0;
      let removed = 0;
      for (const change of changes) {
        if ('removed' in change) {
          if (!entry.written.has(change.target)) continue;
          removed++;
          writes.push(async () => {
            await store.deleteSnapshot(mesh, change.target, meshVersion, stream);
            entry.written.delete(change.target);
          });
        } else if (entry.written.get(change.target) !== change.snapshot.version) {
          written++;
          writes.push(async () => {
            await store.putSnapshot(mesh, change.target, change.snapshot, meshVersion, stream);
            entry.written.set(change.target, change.snapshot.version);
          });
        }
      }
      await inParallel(writes, writeConcurrency);
      // The checkpoint says every snapshot is compiled from at least this version, which is
      // how `weft status --wait` knows a change has landed: so it is exact, written after the
      // snapshots by every run that moved the projection (one put per run, not per event).
      if (cold || events.length > 0) await store.saveCheckpoint(mesh, stream, meshVersion);
      await registry.settle({ mesh, meshStream: stream }, entry.projection, entry.registry);
      projections.set(stream, entry);
      return { stream, version: meshVersion, written, removed, rejected };
    } catch (error) {
      projections.delete(stream);
      throw error;
    }
  }

  async function eventsAfter(stream: string, version: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (let page; (page = await store.readEvents(stream, version + events.length, pageSize)).length > 0; ) {
      events.push(...page);
      if (page.length < pageSize) break;
    }
    return events;
  }

  /**
   * Brings a mesh's snapshots up to its log and the instances its proxies read.
   * Snapshot writes are ordered by mesh version only, so a process that read
   * the instances just before they changed can overwrite a newer snapshot. A
   * mesh that reads the registry therefore looks again after writing, until a
   * pass has nothing to write: whoever wrote last then compiled from the latest.
   */
  async function projectStream(stream: string, delivered?: readonly StoredEvent[]): Promise<ProjectionReport> {
    let report = await projectOnce(stream, delivered);
    const readsRegistry = () => (projections.get(stream)?.registry.subscribed.size ?? 0) > 0;
    for (let pass = 1, last = report; pass < maxPasses && last.written + last.removed > 0 && readsRegistry(); pass++) {
      last = await projectOnce(stream);
      report = { ...last, written: report.written + last.written, removed: report.removed + last.removed, rejected: [...report.rejected, ...last.rejected] };
    }
    return report;
  }

  /** The projection of each declared stream kind (core/application/streams.ts). */
  const byKind: Record<StreamKind, (stream: string, delivered?: readonly StoredEvent[]) => Promise<unknown>> = {
    mesh: projectStream,
    registry: (stream) => registry.project(stream, projectStream, (meshStream) => projections.get(meshStream)?.registry),
  };

  /**
   * One stream's records in a batch. `delivered` are the events the records
   * carry, in order, when they could be read from them. A stream of no
   * declared kind is skipped, not failed.
   */
  async function nudge(stream: string, delivered?: readonly StoredEvent[]): Promise<unknown> {
    const kind = streamKindOf(stream);
    if (!kind) return { stream, skipped: 'not a stream of any declared kind' } satisfies SkippedStream;
    return byKind[kind](stream, delivered);
  }

  return { projectStream, nudge, forget: (stream: string) => projections.delete(stream) };
}

export type Projector = ReturnType<typeof createProjector>;

/**
 * The delivered events after `version`, if they follow on from it without a
 * gap; none if every one was already applied (a retried or duplicated record);
 * undefined when they skip a version, so the log has to be read.
 */
export function followingOn(delivered: readonly StoredEvent[], version: number): StoredEvent[] | undefined {
  const fresh = delivered.filter((e) => e.version > version);
  return fresh.every((e, i) => e.version === version + 1 + i) ? fresh : undefined;
}
