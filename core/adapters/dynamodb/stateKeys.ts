// How resources, reverse references and client tokens are laid out in the
// state table. Meshes sit in one partition so ListMeshes is one query; every
// other resource sits in its mesh's partition, sorted by kind, parent, name.
import type { ResourceKind } from '../../domain/kinds.js';
import { kindInfo } from '../../domain/kinds.js';
import type { ResourceId } from '../../domain/resource.js';
import type { ListScope } from '../../application/meshStore.js';

export interface StateKey {
  readonly pk: string;
  readonly sk: string;
}

const meshesPartition = 'meshes';
const meshPartition = (mesh: string) => `mesh#${mesh}`;

/** `route#router#name`: names never contain '#' (validation allows [A-Za-z0-9_.-]). */
export function idPath(id: ResourceId): string {
  return id.parent !== undefined ? `${id.kind}#${id.parent}#${id.name}` : `${id.kind}#${id.name}`;
}

export function parseIdPath(mesh: string, path: string): ResourceId | undefined {
  const [kind, a, b] = path.split('#');
  if (!kind || !a) return undefined;
  const parent = kindInfo(kind as ResourceKind)?.parent;
  if (parent) return b ? { kind: kind as ResourceKind, mesh, parent: a, name: b } : undefined;
  return { kind: kind as ResourceKind, mesh, name: a };
}

export function resourceKey(id: ResourceId): StateKey {
  if (id.kind === 'mesh') return { pk: meshesPartition, sk: id.name };
  return { pk: meshPartition(id.mesh), sk: `res#${idPath(id)}` };
}

export function listPrefix(scope: ListScope): StateKey {
  if (scope.kind === 'mesh') return { pk: meshesPartition, sk: '' };
  const parent = scope.parent !== undefined ? `${scope.parent}#` : '';
  return { pk: meshPartition(scope.mesh ?? ''), sk: `res#${scope.kind}#${parent}` };
}

/** Children that block a delete: anything in a mesh, routes of a router, gateway routes of a gateway. */
export function childrenPrefix(id: ResourceId): StateKey | undefined {
  switch (id.kind) {
    case 'mesh':
      return { pk: meshPartition(id.mesh), sk: 'res#' };
    case 'virtualRouter':
      return { pk: meshPartition(id.mesh), sk: `res#route#${id.name}#` };
    case 'virtualGateway':
      return { pk: meshPartition(id.mesh), sk: `res#gatewayRoute#${id.name}#` };
    default:
      return undefined;
  }
}

/** One item per (referenced, referrer) pair, so "who points at X" is a prefix query. */
export function referenceKey(target: ResourceId, source: ResourceId): StateKey {
  return { pk: meshPartition(target.mesh), sk: `ref#${idPath(target)}#>${idPath(source)}` };
}

export function referrersPrefix(target: ResourceId): StateKey {
  return { pk: meshPartition(target.mesh), sk: `ref#${idPath(target)}#>` };
}

export function referrerFromKey(mesh: string, sk: string): ResourceId | undefined {
  const at = sk.indexOf('#>');
  return at < 0 ? undefined : parseIdPath(mesh, sk.slice(at + 2));
}

export function childFromKey(mesh: string, sk: string): ResourceId | undefined {
  return sk.startsWith('res#') ? parseIdPath(mesh, sk.slice(4)) : undefined;
}

export function clientTokenKey(token: string): StateKey {
  return { pk: `token#${token}`, sk: 'token' };
}
