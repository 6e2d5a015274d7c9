// Golden tests: for meshes that together use every App Mesh field the compiler
// handles, the compiled Envoy config of every proxy, checked in and reviewed.
// A diff in goldens/*.json is a change in what the fleet runs: review it like
// code (goldens/README.md). `UPDATE_GOLDENS=1` rewrites them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../core/domain/events.js';
import { kindInfo } from '../../core/domain/kinds.js';
import { rulesFor } from '../../core/domain/deciders/rulesFor.js';
import { validateInput } from '../../core/model/validateShape.js';
import { roundTripDifferences } from '../../core/projection/compile/protoRoundTrip.testSupport.js';
import type { ServiceInstance } from '../../core/projection/meshReader.js';
import { meshReader } from '../../core/projection/meshReader.js';
import { keyOfId } from '../../core/projection/meshState.js';
import type { TargetKey } from '../../core/projection/projection.js';
import { emptyProjection, project } from '../../core/projection/projection.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import { consistencyIssues } from '../../core/projection/snapshot.js';
import * as discovery from './goldens/meshes/discovery.js';
import * as egress from './goldens/meshes/egress.js';
import * as gateway from './goldens/meshes/gateway.js';
import * as grpcAndTcp from './goldens/meshes/grpcAndTcp.js';
import * as httpRouting from './goldens/meshes/httpRouting.js';
import * as tlsAndPolicies from './goldens/meshes/tlsAndPolicies.js';

/** A fixture mesh: its event log, and the Cloud Map instances registered while it runs. */
interface GoldenMesh {
  readonly name: string;
  readonly events: readonly StoredEvent[];
  readonly instances?: readonly (ServiceInstance & { readonly namespace: string; readonly service: string })[];
}

const fixtures: readonly GoldenMesh[] = [httpRouting, grpcAndTcp, tlsAndPolicies, discovery, egress, gateway].flatMap((f) => f.meshes);
const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'goldens');
const updating = process.env['UPDATE_GOLDENS'] === '1';
const regenerate = 'UPDATE_GOLDENS=1 npx vitest run test/projection/golden.unit.test.ts';

/** Every proxy of the mesh, compiled from scratch the way the projector does on a cold start. */
function compileMesh(mesh: GoldenMesh) {
  const projection = emptyProjection(mesh.name);
  const instances = mesh.instances ?? [];
  const reader = meshReader(projection.state, (namespace, service) => instances.filter((i) => i.namespace === namespace && i.service === service));
  const { changes, rejected } = project(projection, mesh.events, reader);
  const snapshots = new Map<TargetKey, Snapshot>();
  for (const change of changes) if ('snapshot' in change) snapshots.set(change.target, change.snapshot);
  return { snapshots, rejected, removed: changes.filter((c) => 'removed' in c).map((c) => c.target) };
}

/** Pretty JSON with object keys sorted at every level, so a golden diff shows only real changes. */
function stableJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sorted(x)]));
  };
  return `${JSON.stringify(sorted(value), null, 2)}\n`;
}

/** Why an event could not have come from Weft's API: its spec fails the API's validation, or it names something missing. */
function apiIssues(events: readonly StoredEvent[]): string[] {
  const existing = new Set<string>();
  const issues: string[] = [];
  for (const { action, resource } of events) {
    const { id, spec } = resource;
    const key = keyOfId(id);
    if (action === 'Deleted') {
      existing.delete(key);
      continue;
    }
    const info = kindInfo(id.kind);
    const parent = info.parent && id.parent !== undefined ? { [info.parent.nameField]: id.parent } : {};
    const input = { meshName: id.mesh, ...(id.kind === 'mesh' ? {} : { [info.nameField]: id.name }), ...parent, spec };
    const issue = validateInput(`${action === 'Created' ? 'Create' : 'Update'}${info.typeName}Input`, input)?.message ?? rulesFor(id.kind).specIssue(spec);
    if (issue) issues.push(`${key}: ${issue}`);
    for (const ref of rulesFor(id.kind).references(id, spec)) if (!existing.has(keyOfId(ref.id))) issues.push(`${key}: ${ref.field} names a missing resource`);
    existing.add(key);
  }
  return issues;
}

describe.each(fixtures.map((mesh) => [mesh.name, mesh] as const))('golden mesh %s', (name, mesh) => {
  const file = join(goldenDir, `${name}.json`);

  it('is a log the API could have written: every spec valid, every reference existing', () => {
    expect(apiIssues(mesh.events)).toEqual([]);
  });

  it('compiles every proxy into a consistent snapshot, rejecting none', () => {
    const { snapshots, rejected, removed } = compileMesh(mesh);
    expect(rejected).toEqual([]);
    expect(removed).toEqual([]);
    expect(snapshots.size).toBeGreaterThan(0);
    for (const snapshot of snapshots.values()) expect(consistencyIssues(snapshot)).toEqual([]);
  });

  it('compiles to the reviewed golden', () => {
    const actual = stableJson(Object.fromEntries(compileMesh(mesh).snapshots));
    if (updating) writeFileSync(file, actual);
    if (!existsSync(file)) throw new Error(`No golden for mesh '${name}' at ${file}. Create it with \`${regenerate}\`, then review it like code before committing.`);
    expect(actual, `${name}.json differs; if the change is intended, run \`${regenerate}\` and review the diff`).toBe(readFileSync(file, 'utf8'));
  });

  it('encodes every resource with Envoy protos and decodes it back unchanged', () => {
    for (const [target, snapshot] of compileMesh(mesh).snapshots) expect(roundTripDifferences(snapshot), target).toEqual([]);
  });
});

describe('goldens directory', () => {
  it('holds a golden for each fixture mesh and nothing else', () => {
    const goldens = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();
    expect(goldens, 'a golden whose mesh is gone is stale: delete it').toEqual(fixtures.map((m) => `${m.name}.json`).sort());
  });
});
