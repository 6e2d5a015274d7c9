import type { ResourceKind } from './kinds.js';
import { kindInfo } from './kinds.js';

export type JsonObject = { [key: string]: unknown };

/** Where a resource sits: its mesh, its parent (router or gateway) if any, and its name. */
export interface ResourceId {
  readonly kind: ResourceKind;
  readonly mesh: string;
  readonly parent?: string;
  readonly name: string;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface ResourceMetadata {
  readonly arn: string;
  readonly uid: string;
  readonly version: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly meshOwner: string;
  readonly resourceOwner: string;
}

export type ResourceStatus = 'ACTIVE' | 'DELETED';

/** A resource as the domain keeps it: the spec exactly as the user sent it. */
export interface Resource {
  readonly id: ResourceId;
  readonly spec: JsonObject;
  readonly tags: readonly Tag[];
  readonly metadata: ResourceMetadata;
  readonly status: ResourceStatus;
}

export function sameId(a: ResourceId, b: ResourceId): boolean {
  return a.kind === b.kind && a.mesh === b.mesh && a.parent === b.parent && a.name === b.name;
}

/** `virtual node 'web' in mesh 'demo'`, for messages. */
export function describeId(id: ResourceId): string {
  const info = kindInfo(id.kind);
  if (id.kind === 'mesh') return `mesh '${id.name}'`;
  const parent = info.parent && id.parent !== undefined ? ` of ${kindInfo(info.parent.kind).label} '${id.parent}'` : '';
  return `${info.label} '${id.name}'${parent} in mesh '${id.mesh}'`;
}

export function meshIdOf(id: ResourceId): ResourceId {
  return { kind: 'mesh', mesh: id.mesh, name: id.mesh };
}

export function parentIdOf(id: ResourceId): ResourceId | undefined {
  const parent = kindInfo(id.kind).parent;
  if (!parent || id.parent === undefined) return undefined;
  return { kind: parent.kind, mesh: id.mesh, name: id.parent };
}
