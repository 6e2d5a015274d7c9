// `node --import tsx bench/validate.bench.ts`: what Envoy's two gates
// (core/projection/validate) cost per snapshot, over every golden snapshot and
// over bench/projection.bench.ts's mesh of 1,000 virtual nodes, and what one
// UpdateRoute costs end to end now that every snapshot it changes is
// validated before it is returned (budget: 100 ms). Pure: no DynamoDB.
import { performance } from 'node:perf_hooks';
import type { StoredEvent } from '../core/domain/events.js';
import type { JsonObject, ResourceId } from '../core/domain/resource.js';
import { catchUp, emptyProjection, project, projectAll } from '../core/projection/projection.js';
import type { Snapshot } from '../core/projection/snapshot.js';
import { goldenSnapshots } from '../core/projection/validate/goldenSnapshots.testSupport.js';
import { snapshotValidator } from '../core/projection/validate/snapshotValidator.js';
import { validateSnapshot } from '../core/projection/validate/validateSnapshot.js';

// The mesh of bench/projection.bench.ts, built the same way.
const NODES = 1000;
const BACKENDS = 10;
const ROUTED = 100;
const mesh = 'bench';
let version = 0;
function event(kind: ResourceId['kind'], name: string, spec: JsonObject, parent?: string, action: StoredEvent['action'] = 'Created'): StoredEvent {
  version++;
  const id: ResourceId = { kind, mesh, name, ...(parent ? { parent } : {}) };
  return {
    stream: `${mesh}/uid`, version, type: `${kind}${action}`, action, actor: 'bench', requestId: `r${version}`, at: version,
    resource: { id, spec, tags: [], status: 'ACTIVE', metadata: { arn: `arn:${kind}/${name}`, uid: `u${version}`, version: 1, createdAt: 0, lastUpdatedAt: 0, meshOwner: '0', resourceOwner: '0' } },
  };
}
const svc = (i: number) => `svc-${i}.bench.local`;
const routeSpec = (a: number, weightA: number) => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: `node-${a}`, weight: weightA }, { virtualNode: `node-${(a + 1) % NODES}`, weight: 100 - weightA }] } },
});
function meshEvents(): StoredEvent[] {
  const events = [event('mesh', mesh, {})];
  const listener = { portMapping: { port: 8080, protocol: 'http' } };
  for (let i = 0; i < NODES; i++) {
    const backends = Array.from({ length: BACKENDS }, (_, b) => ({ virtualService: { virtualServiceName: svc((i + 1 + b) % NODES) } }));
    events.push(event('virtualNode', `node-${i}`, { listeners: [listener], serviceDiscovery: { dns: { hostname: `node-${i}.bench.local` } }, backends }));
  }
  for (let i = 0; i < NODES; i++) {
    if (i < ROUTED) {
      events.push(event('virtualRouter', `router-${i}`, { listeners: [listener] }));
      events.push(event('route', 'split', routeSpec(i, 90), `router-${i}`));
      events.push(event('virtualService', svc(i), { provider: { virtualRouter: { virtualRouterName: `router-${i}` } } }));
    } else {
      events.push(event('virtualService', svc(i), { provider: { virtualNode: { virtualNodeName: `node-${i}` } } }));
    }
  }
  return events;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Per-snapshot times of `validate` over `snapshots`, after one warm-up pass; fails loudly on a violation. */
function timePerSnapshot(snapshots: readonly Snapshot[], validate: (s: Snapshot) => unknown[], rounds: number): number[] {
  for (const s of snapshots) if (validate(s).length) throw new Error(`${s.node} has violations`);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const s of snapshots) {
      const t0 = performance.now();
      validate(s);
      times.push(performance.now() - t0);
    }
  }
  return times;
}

function row(label: string, times: number[]): string {
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return `| ${label} | ${ms(mean)} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} | ${ms(Math.max(...times))} |`;
}

const lines: string[] = ['| Validating | mean | p50 | p99 | max |', '|---|---|---|---|---|'];
const goldens = goldenSnapshots();
const agentValidator = snapshotValidator();
lines.push(row(`each of the ${goldens.length} golden snapshots (RE2), 20 rounds`, timePerSnapshot(goldens, validateSnapshot, 20)));
lines.push(row(`each golden snapshot, agent without RE2, 20 rounds`, timePerSnapshot(goldens, agentValidator, 20)));

const events = meshEvents();
const projection = emptyProjection(mesh);
catchUp(projection, events);
let t0 = performance.now();
const full = projectAll(projection);
const fullMs = performance.now() - t0;
if (full.rejected.length) throw new Error(`the bench mesh has rejected snapshots: ${full.rejected[0]?.issues.join('; ')}`);
const snapshots = full.changes.flatMap((c) => ('snapshot' in c ? [c.snapshot] : []));
const meshTimes = timePerSnapshot(snapshots, validateSnapshot, 1);
lines.push(row(`each of the ${snapshots.length} snapshots of the 1,000-node mesh (RE2)`, meshTimes));

const updates = Array.from({ length: 20 }, (_, i) => event('route', 'split', routeSpec(50, 10 + i), 'router-50', 'Updated'));
const updateMs: number[] = [];
const updateValidateMs: number[] = [];
let changed = 0;
for (const update of updates) {
  t0 = performance.now();
  const one = project(projection, [update]);
  updateMs.push(performance.now() - t0);
  const changedSnapshots = one.changes.flatMap((c) => ('snapshot' in c ? [c.snapshot] : []));
  changed = changedSnapshots.length;
  t0 = performance.now();
  for (const s of changedSnapshots) validateSnapshot(s);
  updateValidateMs.push(performance.now() - t0);
}
const meshValidateTotal = meshTimes.reduce((a, b) => a + b, 0);
console.log(lines.join('\n'));
console.log('');
console.log(`| 1,000-node mesh | figure |`);
console.log(`|---|---|`);
console.log(`| full compile + validation of ${snapshots.length} snapshots (projectAll) | ${ms(fullMs)} |`);
console.log(`| of which validation, measured alone | ${ms(meshValidateTotal)} (${((meshValidateTotal / fullMs) * 100).toFixed(0)}%) |`);
console.log(`| one UpdateRoute (project: incremental compile + validation of the ${changed} snapshots it changes), median of 20 | ${ms(percentile(updateMs, 50))} (max ${ms(Math.max(...updateMs))}; budget 100 ms) |`);
console.log(`| of which validation of those ${changed} snapshots, median of 20 | ${ms(percentile(updateValidateMs, 50))} |`);
