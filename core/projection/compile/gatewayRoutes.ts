import type { GatewayRouteSpec, GrpcGatewayRoute, GrpcRoute, HttpGatewayRoute, HttpRoute, VirtualGatewayListener } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { appMeshDurationMillis, defaults, durationFromMillis } from '../envoy/proto.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyResource } from './envoyConfig.js';
import type { GatewayTargets } from './gatewayEgress.js';
import { pathRewrite } from './gatewayRewrite.js';
import type { HostRoutes } from './gatewayVirtualHosts.js';
import { gatewayVirtualHosts } from './gatewayVirtualHosts.js';
import type { ServicePort } from './resolveService.js';
import { resolveService } from './resolveService.js';
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
 * The route configuration of one gateway listener (the first hop): the
 * gateway routes of its protocol (and, when the gateway has several
 * listeners, of its port if they name one), grouped into virtual hosts by
 * hostname, each sending what it matches, rewritten, through the listener's
 * self-redirect cluster to the second hop (gatewayEgress.ts), where the
 * target service's own routes apply.
 */
export function gatewayRouteConfig(
  reader: MeshReader,
  gateway: Resource,
  listener: VirtualGatewayListener,
  listenerCount: number,
  routes: readonly Resource[],
  selfRedirect: string,
  targets: GatewayTargets,
  name: string,
): EnvoyResource {
  const { port, protocol } = listener.portMapping;
  const type = routeTypeFor[protocol];
  const entries = routes.flatMap((route): HostRoutes[] => {
    const spec = (route.spec as GatewayRouteSpec)[type];
    if (!spec || (listenerCount > 1 && spec.match.port !== undefined && spec.match.port !== port)) return [];
    return [{ hostname: spec.match.hostname, routes: firstHop(reader, route.id.name, type, spec, selfRedirect, targets) }];
  });
  const virtualHosts = gatewayVirtualHosts(`${gateway.id.name}_${protocol}_${port}`, entries);
  return { name, ...(virtualHosts.length ? { virtualHosts } : {}) };
}

/**
 * One gateway route as one Envoy route: the gateway route's match, its path
 * rewrite, and the Host (or header) that tells the second hop its target
 * service port. A target that resolves to no port of the service is left
 * out, so the request falls through to the next gateway route.
 */
function firstHop(reader: MeshReader, name: string, type: GatewayRouteType, spec: HttpGatewayRoute | GrpcGatewayRoute, selfRedirect: string, targets: GatewayTargets): Json[] {
  const { target } = spec.action;
  const service = target.virtualService.virtualServiceName;
  const ports = resolveService(reader, service);
  const servicePort = target.port !== undefined ? ports.find((p) => p.port === target.port) : ports[0];
  if (!servicePort) return [];
  const isGrpc = type === 'grpcRoute';
  const match = isGrpc ? grpcRouteMatch((spec as GrpcGatewayRoute).match) : httpRouteMatch((spec as HttpGatewayRoute).match);
  const rewrite = isGrpc ? {} : pathRewrite(spec as HttpGatewayRoute);
  const rewriteHost = spec.action.rewrite?.hostname?.defaultTargetHostname !== 'DISABLED';
  const addressed = targets.address(service, servicePort, servicePort === ports[0], rewriteHost);
  return [{ name, match, route: { cluster: selfRedirect, ...firstHopTimeouts(servicePort), ...rewrite, ...addressed.action }, ...addressed.route }];
}

// Envoy's connection manager stream idle timeout, which applies where a route sets none.
const streamIdleMs = 300_000;

/**
 * The first hop must not end a request the second hop would let run: it
 * takes the longest per-request and idle timeouts of the target's routes
 * (0, no timeout, is the longest), as App Mesh's first hop carried its
 * target's route timeout.
 */
function firstHopTimeouts(port: ServicePort): Json {
  const specs = port.routes.filter((r) => r.type !== 'tcpRoute' && r.targets.length > 0).map((r) => r.spec as HttpRoute | GrpcRoute);
  if (specs.length === 0) return {};
  const longest = (values: readonly number[]) => (values.includes(0) ? 0 : Math.max(...values));
  const perRequest = longest(specs.map((s) => appMeshDurationMillis(s.timeout?.perRequest) ?? defaults.perRequestTimeoutMs));
  const idles = specs.map((s) => appMeshDurationMillis(s.timeout?.idle));
  const idle = idles.some((i) => i !== undefined) ? longest(idles.map((i) => i ?? streamIdleMs)) : undefined;
  return { timeout: durationFromMillis(perRequest), ...(idle !== undefined ? { idleTimeout: durationFromMillis(idle) } : {}) };
}
