import { EventEmitter } from 'node:events';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { LiveSnapshots } from '../api/coalescedSnapshots.js';

/**
 * Long polls on one machine: the snapshots table's stream says which snapshot
 * changed, and every request waiting on it wakes up and re-reads.
 */
export function createSnapshotWatch(): LiveSnapshots & { onBatch(event: DynamoDBStreamEvent): Promise<void> } {
  const changes = new EventEmitter();
  changes.setMaxListeners(0); // one listener per waiting agent; thousands are expected
  const observers: ((mesh: string, target: string) => void)[] = [];
  return {
    onChange: (observer) => void observers.push(observer),
    watch: (mesh, target, timeoutMs, signal) =>
      new Promise<void>((resolve) => {
        const key = `${mesh}\u0000${target}`;
        const done = () => {
          clearTimeout(timer);
          changes.removeListener(key, done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        changes.once(key, done);
        signal.addEventListener('abort', done, { once: true });
      }),
    async onBatch(event) {
      for (const record of event.Records) {
        const keys = record.dynamodb?.Keys;
        const mesh = keys?.['mesh']?.S;
        const proxy = keys?.['proxy']?.S;
        if (mesh === undefined || proxy === undefined) continue;
        // Observers first (they drop reads that began before this change), then the waiters.
        for (const observe of observers) observe(mesh, proxy);
        changes.emit(`${mesh}\u0000${proxy}`);
      }
    },
  };
}
