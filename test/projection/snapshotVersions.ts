// Prints the snapshot version of every proxy of every golden mesh as JSON
// ({ mesh: { target: version } }), compiling the meshes in reverse order.
// determinism.unit.test.ts runs it in a fresh process, under another time
// zone, locale and seeds, and compares with its own in-process compile.
import { compileGoldenMesh, goldenMeshes } from './goldenMeshes.js';

const versions: Record<string, Record<string, string>> = {};
for (const mesh of [...goldenMeshes].reverse()) {
  const { snapshots } = compileGoldenMesh(mesh);
  versions[mesh.name] = Object.fromEntries([...snapshots].reverse().map(([target, snapshot]) => [target, snapshot.version]));
}
process.stdout.write(`${JSON.stringify(versions)}\n`);
