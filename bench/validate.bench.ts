// `node --import tsx bench/validate.bench.ts`: what Envoy's two gates
// (core/projection/validate) cost per snapshot, over every golden snapshot and
// over bench/projection.bench.ts's mesh of 1,000 virtual nodes, and what one
// UpdateRoute costs end to end now that every snapshot it changes is
// validated before it is returned (budget: 100 ms). Pure: no DynamoDB.
// Figures are CPU time (process.cpuUsage), which a loaded machine inflates
// far less than wall time; compile alone is measured beside compile with
// validation (budget: at most twice compile alone).
import { compileVirtualNode } from '../core/projection/compile/compileVirtualNode.js';
import { envoyNodeId } from '../core/projection/envoy/names.js';
import { meshReader, trackingReader } from '../core/projection/meshReader.js';
import type { SnapshotChange, TargetKey } from '../core/projection/projection.js';
import { catchUp, emptyProjection, project, projectAll, splitTarget } from '../core/projection/projection.js';
import type { Snapshot } from '../core/projection/snapshot.js';
import { toSnapshot } from '../core/projection/snapshot.js';
import { goldenSnapshots } from '../test/projection/goldenFiles.js';
import { re2Engine } from '../core/projection/validate/re2Engine.js';
import { snapshotValidator } from '../core/projection/validate/snapshotValidator.js';
import { eventLog, mesh, meshEvents, NODES, routeSpec } from './thousandNodeMesh.js';

const { event } = eventLog();

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const ms = (n: number) => `${n.toFixed(2)} ms`;
/** CPU time (user + system) of `run`, in ms. */
function cpu(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Per-snapshot CPU times of `validate` over `snapshots`, after one warm-up pass; fails loudly on a violation. */
function timePerSnapshot(snapshots: readonly Snapshot[], validate: (s: Snapshot) => unknown[], rounds: number): number[] {
  for (const s of snapshots) if (validate(s).length) throw new Error(`${s.node} has violations`);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) for (const s of snapshots) times.push(cpu(() => validate(s)));
  return times;
}

function row(label: string, times: number[]): string {
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return `| ${label} | ${ms(mean)} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} | ${ms(Math.max(...times))} |`;
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** What the projection does for `targets` short of validating: compile each node (noting what it reads) and make its snapshot. */
function compileOnly(projection: ReturnType<typeof emptyProjection>, targets: readonly TargetKey[]): void {
  const reader = meshReader(projection.state);
  for (const target of [...targets].sort()) {
    const [, name] = splitTarget(target);
    const config = compileVirtualNode(trackingReader(reader, new Set()), name);
    if (config) toSnapshot(envoyNodeId(projection.state.meshName, 'virtualNode', name), config);
  }
}

// Without the memo (each resource walked every time): the validator's cost for content it has not seen.
const fresh = () => snapshotValidator(re2Engine, { memoEntries: 0 });
const lines: string[] = ['| Validating (CPU time) | mean | p50 | p99 | max |', '|---|---|---|---|---|'];
const goldens = goldenSnapshots();
lines.push(row(`each of the ${goldens.length} golden snapshots (RE2, nothing remembered), 20 rounds`, timePerSnapshot(goldens, fresh(), 20)));
lines.push(row(`each golden snapshot, agent without RE2 (nothing remembered), 20 rounds`, timePerSnapshot(goldens, snapshotValidator(undefined, { memoEntries: 0 }), 20)));

const events = meshEvents(event);
const projection = emptyProjection(mesh);
catchUp(projection, events);
const targets = Array.from({ length: NODES }, (_, i) => `virtualNode/node-${i}` as TargetKey);
// Warm the compiler's and validator's code once, then alternate compile alone and compile + validation.
compileOnly(projection, targets.slice(0, 50));
const compileMs: number[] = [];
const fullMs: number[] = [];
let full: ReturnType<typeof projectAll> = { changes: [], rejected: [] };
for (let round = 0; round < 3; round++) {
  compileMs.push(cpu(() => compileOnly(projection, targets)));
  // The last round on the projection the updates below go to, so it knows who depends on what.
  const cold = round === 2 ? projection : emptyProjection(mesh);
  if (cold !== projection) catchUp(cold, events);
  fullMs.push(cpu(() => (full = projectAll(cold))));
}
if (full.rejected.length) throw new Error(`the bench mesh has rejected snapshots: ${full.rejected[0]?.issues.join('; ')}`);
const snapshots = full.changes.flatMap((c) => ('snapshot' in c ? [c.snapshot] : []));
const meshTimes = timePerSnapshot(snapshots, fresh(), 1);
const memoValidator = snapshotValidator(re2Engine);
const memoMs = cpu(() => {
  for (const s of snapshots) memoValidator(s);
});
lines.push(row(`each of the ${snapshots.length} snapshots of the 1,000-node mesh (RE2, nothing remembered)`, meshTimes));

const updates = Array.from({ length: 20 }, (_, i) => event('route', 'split', routeSpec(50, 10 + i), 'router-50', 'Updated'));
const updateMs: number[] = [];
const updateCompileMs: number[] = [];
const updateFreshMs: number[] = [];
let changed = 0;
for (const update of updates) {
  let one: { changes: SnapshotChange[] } = { changes: [] };
  updateMs.push(cpu(() => (one = project(projection, [update]))));
  const changedSnapshots = one.changes.flatMap((c) => ('snapshot' in c ? [c.snapshot] : []));
  changed = changedSnapshots.length;
  updateCompileMs.push(cpu(() => compileOnly(projection, one.changes.map((c) => c.target))));
  const validate = fresh();
  updateFreshMs.push(cpu(() => {
    for (const s of changedSnapshots) validate(s);
  }));
}
const median = (values: number[]) => percentile(values, 50);
console.log(lines.join('\n'));
console.log('');
console.log(`| 1,000-node mesh (CPU time) | figure |`);
console.log(`|---|---|`);
console.log(`| compile alone of ${snapshots.length} snapshots (compile + toSnapshot), median of 3 | ${ms(median(compileMs))} |`);
console.log(`| full compile + validation (projectAll, fresh projection), first run: validator memo empty | ${ms(fullMs[0]!)} (${(fullMs[0]! / median(compileMs)).toFixed(2)}x compile alone; budget 2x) |`);
console.log(`| the same, runs 2 and 3: memo holds the mesh's resources | ${fullMs.slice(1).map(ms).join(', ')} |`);
console.log(`| validation of the ${snapshots.length} snapshots by a fresh validator (memo on) | ${ms(memoMs)} |`);
console.log(`| validation of the ${snapshots.length} snapshots, nothing remembered | ${ms(sum(meshTimes))} |`);
console.log(`| one UpdateRoute (project: incremental compile + validation of the ${changed} snapshots it changes), median of 20 | ${ms(median(updateMs))} (max ${ms(Math.max(...updateMs))}; budget 100 ms) |`);
console.log(`| of which compile alone of those ${changed} nodes, median of 20 | ${ms(median(updateCompileMs))} |`);
console.log(`| validation of those ${changed} snapshots, nothing remembered, median of 20 | ${ms(median(updateFreshMs))} |`);
