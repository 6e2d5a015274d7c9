import type { StoredEvent } from '../domain/events.js';
import { compileVirtualGateway } from './compile/compileVirtualGateway.js';
import { compileVirtualNode } from './compile/compileVirtualNode.js';
import type { EnvoyConfig } from './compile/envoyConfig.js';
import { envoyNodeId } from './envoy/names.js';
import type { MeshReader } from './meshReader.js';
import { meshReader, trackingReader } from './meshReader.js';
import type { MeshState } from './meshState.js';
import { applyEvent, emptyMeshState } from './meshState.js';
import type { Snapshot } from './snapshot.js';
import { toSnapshot } from './snapshot.js';
import type { Violation } from './validate/validateSnapshot.js';
import { formatViolation, validateSnapshot } from './validate/validateSnapshot.js';

/** `virtualNode/<name>` or `virtualGateway/<name>`: a proxy that gets a snapshot. */
export type TargetKey = `virtualNode/${string}` | `virtualGateway/${string}`;

/**
 * One mesh's projection: its state folded from the log, and who depends on
 * what, so a change recompiles only the proxies it reaches.
 */
export interface Projection {
  readonly state: MeshState;
  /** target -> the keys it read when last compiled. */
  readonly dependencies: Map<TargetKey, Set<string>>;
  /** key -> the targets that read it. */
  readonly dependents: Map<string, Set<TargetKey>>;
}

export function emptyProjection(meshName: string): Projection {
  return { state: emptyMeshState(meshName), dependencies: new Map(), dependents: new Map() };
}

export type SnapshotChange = { readonly target: TargetKey; readonly snapshot: Snapshot } | { readonly target: TargetKey; readonly removed: true };

export interface Rejected {
  readonly target: TargetKey;
  readonly issues: readonly string[];
  /** The same, structured: node, resource type, resource, field path, rule. */
  readonly violations: readonly Violation[];
}

/**
 * Applies events (in order; already-applied versions are skipped) and returns
 * the new snapshot of every proxy they affect. A snapshot that fails the
 * consistency check is not returned, only reported in `rejected`.
 */
export function project(projection: Projection, events: readonly StoredEvent[], reader = meshReader(projection.state)): { changes: SnapshotChange[]; rejected: Rejected[] } {
  return projectChanges(projection, catchUp(projection, events), reader);
}

/** Recompiles the proxies that read any of the changed keys (mesh keys, or `instances/...` when a Cloud Map service's instances moved). */
export function projectChanges(projection: Projection, changedKeys: Iterable<string>, reader = meshReader(projection.state)): { changes: SnapshotChange[]; rejected: Rejected[] } {
  return recompile(projection, affectedTargets(projection, changedKeys), reader);
}

/** Applies events to the state only, returning the keys they changed. */
export function catchUp(projection: Projection, events: readonly StoredEvent[]): Set<string> {
  const changed = new Set<string>();
  for (const event of events) for (const key of applyEvent(projection.state, event)) changed.add(key);
  return changed;
}

/**
 * Compiles every proxy of the mesh (a cold start, or a benchmark). `stored`
 * are the targets that have a snapshot in storage: those the fold no longer
 * holds (deleted while no projection was in memory to see it go) are removed.
 */
export function projectAll(projection: Projection, reader = meshReader(projection.state), stored: Iterable<TargetKey> = []) {
  const targets = allTargets(projection.state);
  const { changes, rejected } = recompile(projection, targets, reader);
  const live = new Set(targets);
  for (const target of [...stored].sort()) if (!live.has(target)) changes.push({ target, removed: true });
  return { changes, rejected };
}

export function affectedTargets(projection: Projection, changedKeys: Iterable<string>): Set<TargetKey> {
  const affected = new Set<TargetKey>();
  for (const key of changedKeys) {
    if (key === 'mesh') return new Set([...allTargets(projection.state), ...projection.dependencies.keys()]);
    if (isTargetKey(key)) affected.add(key);
    for (const target of projection.dependents.get(key) ?? []) affected.add(target);
  }
  return affected;
}

function recompile(projection: Projection, targets: Iterable<TargetKey>, reader: MeshReader) {
  const changes: SnapshotChange[] = [];
  const rejected: Rejected[] = [];
  for (const target of [...targets].sort()) {
    const deps = new Set<string>();
    const config = compileTarget(trackingReader(reader, deps), target);
    setDependencies(projection, target, config ? deps : new Set());
    if (!config) {
      changes.push({ target, removed: true });
      continue;
    }
    const [kind, name] = splitTarget(target);
    const snapshot = toSnapshot(envoyNodeId(projection.state.meshName, kind, name), config);
    // Envoy's two gates (validate.rules and its C++ checks, references included): a snapshot failing them is a compiler bug, never published.
    const violations = validateSnapshot(snapshot);
    if (violations.length > 0) rejected.push({ target, issues: violations.map(formatViolation), violations });
    else changes.push({ target, snapshot });
  }
  return { changes, rejected };
}

function compileTarget(reader: MeshReader, target: TargetKey): EnvoyConfig | undefined {
  if (!reader.mesh()) return undefined;
  const [kind, name] = splitTarget(target);
  return kind === 'virtualNode' ? compileVirtualNode(reader, name) : compileVirtualGateway(reader, name);
}

function setDependencies(projection: Projection, target: TargetKey, deps: Set<string>): void {
  for (const key of projection.dependencies.get(target) ?? []) projection.dependents.get(key)?.delete(target);
  if (deps.size === 0) {
    projection.dependencies.delete(target);
    return;
  }
  projection.dependencies.set(target, deps);
  for (const key of deps) {
    const set = projection.dependents.get(key) ?? new Set<TargetKey>();
    set.add(target);
    projection.dependents.set(key, set);
  }
}

function allTargets(state: MeshState): TargetKey[] {
  return [...state.resources.keys()].filter(isTargetKey);
}

function isTargetKey(key: string): key is TargetKey {
  return /^(virtualNode|virtualGateway)\/[^/]+$/.test(key);
}

export function splitTarget(target: TargetKey): ['virtualNode' | 'virtualGateway', string] {
  const at = target.indexOf('/');
  return [target.slice(0, at) as 'virtualNode' | 'virtualGateway', target.slice(at + 1)];
}
