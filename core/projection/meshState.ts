import { evolve } from '../domain/deciders/decide.js';
import type { StoredEvent } from '../domain/events.js';
import type { ResourceKind } from '../domain/kinds.js';
import type { Resource, ResourceId } from '../domain/resource.js';

/**
 * A mesh as the projector sees it: every resource, folded from the mesh's
 * events in version order. Mutable on purpose: the projector keeps one per
 * mesh in memory and applies only the events after its checkpoint.
 */
export interface MeshState {
  readonly meshName: string;
  /** The stream version of the last event applied. */
  version: number;
  mesh?: Resource;
  readonly resources: Map<string, Resource>;
  /** router name -> route keys, gateway name -> gateway route keys. */
  readonly children: Map<string, Set<string>>;
}

export function emptyMeshState(meshName: string): MeshState {
  return { meshName, version: 0, resources: new Map(), children: new Map() };
}

/** `virtualNode/web`, `route/router/name`: how dependencies and resources are keyed in a projection. */
export function resourceKeyOf(kind: ResourceKind, name: string, parent?: string): string {
  return parent !== undefined ? `${kind}/${parent}/${name}` : `${kind}/${name}`;
}

export const keyOfId = (id: ResourceId) => (id.kind === 'mesh' ? 'mesh' : resourceKeyOf(id.kind, id.name, id.parent));

/** The key that stands for "the set of children of this router or gateway". */
export const childrenKey = (parentKind: 'virtualRouter' | 'virtualGateway', parent: string) => `childrenOf/${parentKind}/${parent}`;

/**
 * Applies one event and returns the keys it changed (the resource, and the
 * children set of its router or gateway when one was added or removed).
 * Events at or below the applied version are ignored, which makes replays and
 * duplicate deliveries harmless.
 */
export function applyEvent(state: MeshState, event: StoredEvent): string[] {
  if (event.version <= state.version) return [];
  state.version = event.version;
  // The fold is the domain's own evolve, resource by resource.
  const { id } = event.resource;
  const next = evolve(id.kind === 'mesh' ? state.mesh : state.resources.get(keyOfId(id)), event);
  return setResource(state, next ?? event.resource, next !== undefined);
}

/**
 * Starts an empty state from a mesh's resources as they stood at `version`
 * or later (a cold start that skips the log up to there). The events after
 * `version` are applied next, and those already in `resources` change
 * nothing in the end: each sets or removes one whole resource, and the last
 * event on a resource decides it.
 */
export function seedMeshState(state: MeshState, version: number, mesh: Resource, resources: readonly Resource[]): void {
  for (const resource of [mesh, ...resources]) setResource(state, resource, true);
  state.version = version;
}

/** Puts a resource in the state (`present`) or takes it out; returns the keys that changed. */
function setResource(state: MeshState, resource: Resource, present: boolean): string[] {
  const { id } = resource;
  if (id.kind === 'mesh') {
    if (present) state.mesh = resource;
    else delete state.mesh;
    return ['mesh'];
  }
  const key = keyOfId(id);
  const existed = state.resources.has(key);
  if (present) state.resources.set(key, resource);
  else state.resources.delete(key);
  // A route or gateway route that came or went changes its parent's set of children.
  if (id.parent === undefined || existed === present) return [key];
  const setKey = childrenKey(id.kind === 'route' ? 'virtualRouter' : 'virtualGateway', id.parent);
  const set = state.children.get(setKey) ?? new Set<string>();
  if (present) set.add(key);
  else set.delete(key);
  state.children.set(setKey, set);
  return [key, setKey];
}
