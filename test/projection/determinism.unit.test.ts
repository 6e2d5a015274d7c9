// The same mesh always compiles to the same versions (DESIGN: a replay or a
// restart never pushes config). Compiling twice in one process cannot show
// hidden process state (module caches, Map insertion order across meshes,
// Math.random, the clock, the locale); a second process under other settings can.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compileGoldenMesh, goldenMeshes } from './goldenMeshes.js';

const script = fileURLToPath(new URL('./snapshotVersions.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function inProcessVersions(): Record<string, Record<string, string>> {
  return Object.fromEntries(goldenMeshes.map((mesh) => [mesh.name, Object.fromEntries([...compileGoldenMesh(mesh).snapshots].map(([t, s]) => [t, s.version]))]));
}

describe('snapshot versions across processes', () => {
  it('are the same in a fresh process with another time zone, locale, random and hash seed, and mesh order', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--hash-seed=20260930', '--random-seed=7', '--import', 'tsx', script], {
      cwd: repoRoot,
      env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', NODE_OPTIONS: '' },
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    const other = JSON.parse(stdout) as Record<string, Record<string, string>>;
    const here = inProcessVersions();
    expect(Object.keys(here).length).toBe(goldenMeshes.length);
    expect(other).toEqual(here);
  }, 90_000);
});
