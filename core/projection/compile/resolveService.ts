import type { GrpcRoute, HttpRoute, Listener, PortMapping, RouteSpec, TcpRoute, VirtualNodeSpec, VirtualRouterSpec, VirtualServiceSpec } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import type { MeshReader } from '../meshReader.js';

export type Protocol = PortMapping['protocol'];
export type RouteType = 'httpRoute' | 'http2Route' | 'grpcRoute' | 'tcpRoute';

/** Where one share of a route's traffic goes: a port of a virtual node. */
export interface Target {
  readonly node: Resource;
  readonly port: number;
  readonly protocol: Protocol;
  readonly weight: number;
}

/** A route as the data plane applies it, with its targets resolved to node ports. */
export interface ResolvedRoute {
  readonly name: string;
  readonly type: RouteType;
  readonly spec: HttpRoute | GrpcRoute | TcpRoute;
  readonly targets: readonly Target[];
}

/** What a client reaches at one port of a virtual service, routes in match order. */
export interface ServicePort {
  readonly port: number;
  readonly protocol: Protocol;
  readonly routes: readonly ResolvedRoute[];
}

const routeTypeFor: Record<Protocol, RouteType> = { http: 'httpRoute', http2: 'http2Route', grpc: 'grpcRoute', tcp: 'tcpRoute' };

export const nodeSpec = (node: Resource) => node.spec as VirtualNodeSpec;

/**
 * The mesh's routing semantics for one virtual service, independent of Envoy:
 * a node provider gets App Mesh's implicit catch-all route to itself, a router
 * provider its routes (by priority, then name) per listener port. An
 * unprovided or dangling service resolves to nothing.
 */
export function resolveService(reader: MeshReader, serviceName: string): ServicePort[] {
  const service = reader.get('virtualService', serviceName);
  const provider = (service?.spec as VirtualServiceSpec | undefined)?.provider;
  if (provider?.virtualNode) {
    const node = reader.get('virtualNode', provider.virtualNode.virtualNodeName);
    if (!node) return [];
    return (nodeSpec(node).listeners ?? []).map(({ portMapping: { port, protocol } }) => ({
      port,
      protocol,
      routes: [{ name: `${serviceName}-implicit`, type: routeTypeFor[protocol], spec: implicitRoute(protocol, node.id.name), targets: [{ node, port, protocol, weight: 1 }] }],
    }));
  }
  if (provider?.virtualRouter) {
    const routerName = provider.virtualRouter.virtualRouterName;
    const router = reader.get('virtualRouter', routerName);
    if (!router) return [];
    const listeners = (router.spec as VirtualRouterSpec).listeners ?? [];
    const routes = reader.childrenOf('virtualRouter', routerName).sort(byPriorityThenName);
    return listeners.map(({ portMapping: { port, protocol } }) => ({
      port,
      protocol,
      routes: routes.flatMap((route) => resolveRoute(reader, route, protocol, port, listeners.length)),
    }));
  }
  return [];
}

function resolveRoute(reader: MeshReader, route: Resource, protocol: Protocol, port: number, listenerCount: number): ResolvedRoute[] {
  const type = routeTypeFor[protocol];
  const spec = (route.spec as RouteSpec)[type];
  if (!spec) return [];
  // With several router listeners a route names its port; with one it serves that one.
  const matchPort = (spec.match as { port?: number } | undefined)?.port;
  if (listenerCount > 1 && matchPort !== undefined && matchPort !== port) return [];
  const targets = spec.action.weightedTargets.flatMap((wt): Target[] => {
    const node = reader.get('virtualNode', wt.virtualNode);
    if (!node) return [];
    const listener = targetListener(nodeSpec(node).listeners ?? [], wt.port);
    return listener ? [{ node, port: listener.portMapping.port, protocol: listener.portMapping.protocol, weight: wt.weight }] : [];
  });
  return [{ name: route.id.name, type, spec, targets }];
}

function targetListener(listeners: readonly Listener[], port: number | undefined): Listener | undefined {
  return port === undefined ? listeners[0] : listeners.find((l) => l.portMapping.port === port);
}

function byPriorityThenName(a: Resource, b: Resource): number {
  const pa = (a.spec as RouteSpec).priority ?? Number.MAX_SAFE_INTEGER;
  const pb = (b.spec as RouteSpec).priority ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || (a.id.name < b.id.name ? -1 : a.id.name > b.id.name ? 1 : 0);
}

function implicitRoute(protocol: Protocol, node: string): HttpRoute | GrpcRoute | TcpRoute {
  const action = { weightedTargets: [{ virtualNode: node, weight: 1 }] };
  if (protocol === 'tcp') return { action };
  if (protocol === 'grpc') return { action, match: {} };
  return { action, match: { prefix: '/' } };
}
