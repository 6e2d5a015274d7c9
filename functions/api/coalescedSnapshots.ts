import type { SnapshotReader, StoredSnapshot } from '../../core/application/projectorPorts.js';

/**
 * When a snapshot changes, every agent long-polling for that node wakes at
 * once and asks for it. Concurrent reads of the same snapshot share one
 * DynamoDB read (and one gunzip and parse) instead of one each.
 */
export function coalescedSnapshots(reader: SnapshotReader): SnapshotReader {
  const inFlight = new Map<string, Promise<StoredSnapshot | undefined>>();
  return {
    getSnapshot(mesh, target) {
      const key = `${mesh}\u0000${target}`;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const read = reader.getSnapshot(mesh, target).finally(() => inFlight.delete(key));
      inFlight.set(key, read);
      return read;
    },
  };
}
