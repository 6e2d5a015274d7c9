import type { ResourceKind } from '../domain/kinds.js';
import type { Resource } from '../domain/resource.js';
import type { MeshState } from './meshState.js';
import { childrenKey, resourceKeyOf } from './meshState.js';

/** A registered instance of a Cloud Map service (Weft's local stand-in for Cloud Map). */
export interface ServiceInstance {
  readonly instanceId: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly port: number;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Everything the compiler may read; each read is a dependency of the snapshot being compiled. */
export interface MeshReader {
  mesh(): Resource | undefined;
  get(kind: Exclude<ResourceKind, 'mesh'>, name: string, parent?: string): Resource | undefined;
  /** Routes of a router or gateway routes of a gateway, in name order. */
  childrenOf(parentKind: 'virtualRouter' | 'virtualGateway', parent: string): Resource[];
  instancesOf(namespace: string, service: string): readonly ServiceInstance[];
}

export const instancesKey = (namespace: string, service: string) => `instances/${namespace}/${service}`;

export function meshReader(state: MeshState, instances: (namespace: string, service: string) => readonly ServiceInstance[] = () => []): MeshReader {
  return {
    mesh: () => state.mesh,
    get: (kind, name, parent) => state.resources.get(resourceKeyOf(kind, name, parent)),
    childrenOf: (parentKind, parent) =>
      [...(state.children.get(childrenKey(parentKind, parent)) ?? [])]
        .sort()
        .flatMap((key) => {
          const resource = state.resources.get(key);
          return resource ? [resource] : [];
        }),
    instancesOf: instances,
  };
}

/**
 * Wraps a reader so that every key the compiler looks at, found or not, is
 * recorded. Those keys are the snapshot's dependencies: a later change to any
 * of them (including the creation of something that was missing) recompiles it.
 */
export function trackingReader(inner: MeshReader, deps: Set<string>): MeshReader {
  return {
    mesh: () => {
      deps.add('mesh');
      return inner.mesh();
    },
    get: (kind, name, parent) => {
      deps.add(resourceKeyOf(kind, name, parent));
      return inner.get(kind, name, parent);
    },
    childrenOf: (parentKind, parent) => {
      deps.add(childrenKey(parentKind, parent));
      const children = inner.childrenOf(parentKind, parent);
      for (const child of children) deps.add(resourceKeyOf(child.id.kind, child.id.name, child.id.parent));
      return children;
    },
    instancesOf: (namespace, service) => {
      deps.add(instancesKey(namespace, service));
      return inner.instancesOf(namespace, service);
    },
  };
}
