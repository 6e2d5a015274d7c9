// Where goldens live: one file per proxy, goldens/<mesh>/<target>.json
// (target `virtualNode/<name>` or `virtualGateway/<name>`), so a diff names
// the proxy whose config moved. Mesh definitions sit beside them in meshes/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetKey } from '../../core/projection/projection.js';
import type { Snapshot } from '../../core/projection/snapshot.js';

export const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'goldens');

/** Not goldens: the mesh definitions. */
const definitions = join(goldenDir, 'meshes');

export const regenerateCommand = 'UPDATE_GOLDENS=1 npx vitest run test/projection/golden.unit.test.ts';

/** A golden's path relative to goldens/, with forward slashes whatever the OS. */
export const goldenName = (mesh: string, target: TargetKey) => `${mesh}/${target}.json`;

export const goldenPath = (name: string) => join(goldenDir, ...name.split('/'));

/** Every golden file on disk, by goldenName, sorted. */
export function goldensOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && path !== definitions) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.json')) found.push(relative(goldenDir, path).split(sep).join('/'));
    }
  };
  walk(goldenDir);
  return found.sort();
}

export function writeGolden(name: string, text: string): void {
  const path = goldenPath(name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Deletes a golden and the folders it leaves empty. */
export function removeGolden(name: string): void {
  rmSync(goldenPath(name), { force: true });
  for (let dir = dirname(goldenPath(name)); dir !== goldenDir && existsSync(dir) && readdirSync(dir).length === 0; dir = dirname(dir)) rmdirSync(dir);
}

/** Pretty JSON with object keys sorted at every level, so a golden diff shows only real changes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
}

/** The golden snapshot of one proxy, by goldenName without `.json` (`gateway/virtualGateway/edge`). */
export function goldenSnapshot(name: string): Snapshot {
  return JSON.parse(readFileSync(goldenPath(`${name}.json`), 'utf8')) as Snapshot;
}

/** Every golden snapshot on disk, in goldenName order (for the validator's and the encoder's tests and bench). */
export function goldenSnapshots(): Snapshot[] {
  return goldensOnDisk().map((name) => JSON.parse(readFileSync(goldenPath(name), 'utf8')) as Snapshot);
}
