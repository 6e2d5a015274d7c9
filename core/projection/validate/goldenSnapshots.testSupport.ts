// Every golden snapshot (test/projection/goldens/<mesh>/<kind>/<name>.json,
// or an older layout of one file per mesh keyed by target), for the
// validator's tests and bench.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../snapshot.js';

const goldenDir = fileURLToPath(new URL('../../../test/projection/goldens/', import.meta.url));

export function goldenSnapshots(dir = goldenDir): Snapshot[] {
  const out: Snapshot[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'meshes') out.push(...goldenSnapshots(path));
      continue;
    }
    if (!entry.endsWith('.json')) continue;
    const json = JSON.parse(readFileSync(path, 'utf8')) as Snapshot | Record<string, Snapshot>;
    out.push(...('resources' in json ? [json as Snapshot] : Object.values(json as Record<string, Snapshot>)));
  }
  return out;
}
