import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../core/projection/snapshot.js';

/**
 * The last good snapshot on disk, so an agent restarted while the control
 * plane is down serves its proxies at once. Written to a temporary file and
 * renamed, so a crash mid-write never leaves a torn snapshot behind.
 */
export function snapshotFile(dir: string, nodeId: string) {
  const file = join(dir, `${nodeId.replaceAll('/', '_')}.json`);
  return {
    file,
    async load(): Promise<Snapshot | undefined> {
      try {
        const snapshot = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
        return snapshot.node === nodeId ? snapshot : undefined;
      } catch {
        return undefined;
      }
    },
    async save(snapshot: Snapshot): Promise<void> {
      await mkdir(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(snapshot));
      await rename(temporary, file);
    },
  };
}
