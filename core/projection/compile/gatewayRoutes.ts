import type { GatewayRouteSpec, GrpcGatewayRoute, GrpcRoute, HttpGatewayRoute, HttpRoute, VirtualGatewayListener } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyResource } from './envoyConfig.js';
import { combineMatches } from './gatewayMatch.js';
import type { Rewrite } from './gatewayRewrite.js';
import { hostRewrite, pathRewrite } from './gatewayRewrite.js';
import type { HostRoutes } from './gatewayVirtualHosts.js';
import { gatewayVirtualHosts } from './gatewayVirtualHosts.js';
import type { ResolvedRoute, Target } from './resolveService.js';
import { resolveService } from './resolveService.js';
import { httpRouteAction } from './routeAction.js';
import { grpcRouteMatch, httpRouteMatch } from './routeMatch.js';

type Json = Record<string, unknown>;
type GatewayRouteType = 'httpRoute' | 'http2Route' | 'grpcRoute';

const routeTypeFor: Record<VirtualGatewayListener['portMapping']['protocol'], GatewayRouteType> = { http: 'httpRoute', http2: 'http2Route', grpc: 'grpcRoute' };

/**
 * A gateway's routes in the order App Mesh tried them: by priority (unset
 * last); at equal priority the more specific path first (App Mesh's guide
 * sent a request to the gateway route with the longest matching prefix),
 * exact and regex paths before any prefix; then by name.
 */
export function orderedGatewayRoutes(reader: MeshReader, gatewayName: string): Resource[] {
  const key = (r: Resource) => {
    const spec = r.spec as GatewayRouteSpec;
    return { priority: spec.priority ?? Number.MAX_SAFE_INTEGER, specificity: specificity(spec) };
  };
  return reader.childrenOf('virtualGateway', gatewayName).sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka.priority - kb.priority || kb.specificity - ka.specificity || (a.id.name < b.id.name ? -1 : a.id.name > b.id.name ? 1 : 0);
  });
}

function specificity(spec: GatewayRouteSpec): number {
  if (spec.grpcRoute) return spec.grpcRoute.match.serviceName !== undefined ? spec.grpcRoute.match.serviceName.length + 2 : 1;
  const match = (spec.httpRoute ?? spec.http2Route)?.match;
  if (match?.path) return Number.MAX_SAFE_INTEGER;
  return (match?.prefix ?? '/').length;
}

/**
 * The route configuration of one gateway listener: the gateway routes of its
 * protocol (and, when the gateway has several listeners, of its port if they
 * name one), each expanded over its target service's routes, grouped into
 * virtual hosts by hostname.
 */
export function gatewayRouteConfig(
  reader: MeshReader,
  gateway: Resource,
  listener: VirtualGatewayListener,
  listenerCount: number,
  routes: readonly Resource[],
  clusterOf: (t: Target) => string,
  name: string,
): EnvoyResource {
  const { port, protocol } = listener.portMapping;
  const type = routeTypeFor[protocol];
  const entries = routes.flatMap((route): HostRoutes[] => {
    const spec = (route.spec as GatewayRouteSpec)[type];
    if (!spec || (listenerCount > 1 && spec.match.port !== undefined && spec.match.port !== port)) return [];
    return [{ hostname: spec.match.hostname, routes: expand(reader, route.id.name, type, spec, clusterOf) }];
  });
  const virtualHosts = gatewayVirtualHosts(`${gateway.id.name}_${protocol}_${port}`, entries);
  return { name, ...(virtualHosts.length ? { virtualHosts } : {}) };
}

/**
 * One gateway route as Envoy routes: the target virtual service resolved as
 * a backend would see it (a node's implicit route, or the router's routes at
 * the target port), each combined with the gateway route's match
 * (gatewayMatch.ts) and carrying the router route's weights, retries and
 * timeouts plus the gateway route's rewrites.
 */
function expand(reader: MeshReader, name: string, type: GatewayRouteType, spec: HttpGatewayRoute | GrpcGatewayRoute, clusterOf: (t: Target) => string): Json[] {
  const { target } = spec.action;
  const service = target.virtualService.virtualServiceName;
  const ports = resolveService(reader, service);
  const servicePort = target.port !== undefined ? ports.find((p) => p.port === target.port) : ports[0];
  if (!servicePort) return [];
  const isGrpc = type === 'grpcRoute';
  const match = isGrpc ? grpcRouteMatch((spec as GrpcGatewayRoute).match) : httpRouteMatch((spec as HttpGatewayRoute).match);
  const rewrite: Rewrite = isGrpc ? { action: {}, view: { kind: 'none' } } : pathRewrite(spec as HttpGatewayRoute);
  const action = { ...rewrite.action, ...hostRewrite(spec.action.rewrite?.hostname, service) };
  return servicePort.routes.flatMap((route) => {
    if (route.type === 'tcpRoute' || route.targets.length === 0) return [];
    const combined = combineMatches(match, rewrite.view, routeMatchOf(route));
    // Clusters are only built for routes that survive, so unreachable targets add nothing.
    return combined ? [{ name: `${name}/${route.name}`, match: combined, route: { ...httpRouteAction(route, clusterOf), ...action } }] : [];
  });
}

function routeMatchOf(route: ResolvedRoute): Json {
  const spec = route.spec as HttpRoute | GrpcRoute;
  return route.type === 'grpcRoute' ? grpcRouteMatch((spec as GrpcRoute).match) : httpRouteMatch((spec as HttpRoute).match);
}
