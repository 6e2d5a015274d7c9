import type { SnapshotReader, SnapshotWatch, StoredSnapshot } from '../../core/application/projectorPorts.js';

/** What the local runtime adds to the API: held long polls, and word of each snapshot change. */
export interface LiveSnapshots {
  readonly watch: SnapshotWatch;
  /** Calls `observer` for every snapshot change, before any waiting request wakes. */
  onChange(observer: (mesh: string, target: string) => void): void;
}

/**
 * When a snapshot changes, every agent long-polling for that node wakes at
 * once and asks for it. Concurrent reads of the same snapshot share one
 * DynamoDB read (and one gunzip and parse) instead of one each. A change drops
 * the shared read in flight, so nobody woken by it joins a read that began
 * before it.
 */
export function coalescedSnapshots(reader: SnapshotReader, live: LiveSnapshots): SnapshotReader {
  const inFlight = new Map<string, Promise<StoredSnapshot | undefined>>();
  const keyOf = (mesh: string, target: string) => `${mesh}\u0000${target}`;
  live.onChange((mesh, target) => inFlight.delete(keyOf(mesh, target)));
  return {
    getSnapshot(mesh, target) {
      const key = keyOf(mesh, target);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const read = reader.getSnapshot(mesh, target).finally(() => {
        if (inFlight.get(key) === read) inFlight.delete(key);
      });
      inFlight.set(key, read);
      return read;
    },
  };
}
