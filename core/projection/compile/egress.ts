import type { ClientPolicyTls, MeshSpec, TcpRoute } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { any, appMeshDurationMillis, durationFromMillis } from '../envoy/proto.js';
import { egressClusterName, egressListenerName, egressListenerPort, egressRouteConfigName, egressStatPrefix } from '../envoy/names.js';
import { anyTypes } from '../envoy/typeUrls.js';
import type { MeshReader } from '../meshReader.js';
import { accessLogs } from './accessLog.js';
import { aggregateStats } from './aggregateStats.js';
import { clientTlsByCluster } from './clientPolicy.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { upstreamCluster } from './clusters.js';
import { egressFilter } from './egressFilter.js';
import { addEndpoints } from './endpoints.js';
import { httpConnectionManager, tcpProxy } from './httpConnectionManager.js';
import type { ResolvedRoute, ServicePort, Target } from './resolveService.js';
import { nodeSpec, resolveService } from './resolveService.js';
import { httpRouteAction } from './routeAction.js';
import { grpcRouteMatch, httpRouteMatch } from './routeMatch.js';
import { sdsCluster, usesSds } from './tls.js';

type Json = Record<string, unknown>;

export interface BackendPort extends ServicePort {
  readonly service: string;
}

/** Every port of every backend virtual service of a node, resolved through the mesh. */
export function backendPorts(reader: MeshReader, node: Resource): BackendPort[] {
  const names = (nodeSpec(node).backends ?? []).flatMap((b) => (b.virtualService ? [b.virtualService.virtualServiceName] : []));
  return [...new Set(names)].sort().flatMap((service) => resolveService(reader, service).map((port) => ({ ...port, service })));
}

const clusterNameOf = (t: Target) => egressClusterName(t.node.id.mesh, t.node.id.name, t.protocol, t.port);

/**
 * The cluster a target's traffic goes to; adds it (and its endpoints, and
 * the SDS cluster its TLS needs) to the config on first use. `tls` is the
 * caller's client policy for this target, already checked to apply.
 */
export function targetCluster(config: EnvoyConfig, reader: MeshReader, meshSpec: MeshSpec | undefined, target: Target, tls?: ClientPolicyTls): string {
  const name = clusterNameOf(target);
  addResource(config, 'cluster', upstreamCluster(name, target.node, target.port, target.protocol, meshSpec, tls));
  if (tls && usesSds(tls.certificate, tls.validation)) addResource(config, 'cluster', sdsCluster());
  addEndpoints(config, reader, name, target);
  return name;
}

/** One Envoy route per App Mesh route, in match order, tagged with the virtual service it serves (App Mesh's aggregate_stats). */
export function envoyRoutes(routes: readonly ResolvedRoute[], clusterOf: (t: Target) => string, service: string): Json[] {
  return routes
    .filter((r) => r.type !== 'tcpRoute' && r.targets.length > 0)
    .map((r) => ({
      name: r.name,
      match: r.type === 'grpcRoute' ? grpcRouteMatch((r.spec as { match: object }).match as never) : httpRouteMatch((r.spec as { match: object }).match as never),
      route: httpRouteAction(r, clusterOf),
      ...aggregateStats([{ key: 'TargetVirtualService', value: service }]),
    }));
}

/**
 * TCP proxy weights are plain uint32 of at least 1 (route weights are
 * wrappers), so zero-weight targets, which take no traffic, are left out.
 */
function tcpWeightedClusters(targets: readonly Target[], clusterOf: (t: Target) => string): Json {
  return { clusters: targets.filter((t) => t.weight > 0).map((t) => ({ name: clusterOf(t), weight: t.weight })) };
}

/**
 * Envoy matches domains case-insensitively and NACKs a route configuration
 * that repeats one, while App Mesh names are case-sensitive: of services
 * whose names differ only in case, the first in name order takes the host
 * name (a client could not tell them apart by Host header anyway).
 */
function distinctHosts(services: readonly BackendPort[]): BackendPort[] {
  const seen = new Set<string>();
  return services.filter((s) => {
    const host = s.service.toLowerCase();
    if (seen.has(host)) return false;
    seen.add(host);
    return true;
  });
}

/**
 * Outbound traffic: iptables sends it to 15001; a filter chain per backend
 * port picks virtual hosts by service name (HTTP) or forwards (TCP). What
 * matches no backend is handled by the mesh's egress filter (egressFilter.ts).
 * The node's access log covers every connection manager and TCP proxy here.
 */
export function addEgress(config: EnvoyConfig, reader: MeshReader, node: Resource): void {
  const meshSpec = reader.mesh()?.spec as MeshSpec | undefined;
  const ports = backendPorts(reader, node);
  const policies = clientTlsByCluster(node, ports, clusterNameOf);
  const clusterOf = (t: Target) => targetCluster(config, reader, meshSpec, t, policies.get(clusterNameOf(t)));
  const logs = accessLogs(nodeSpec(node).logging);
  const unmatched = egressFilter(config, node.id.mesh, meshSpec, logs);
  const byPort = new Map<number, BackendPort[]>();
  for (const p of ports) byPort.set(p.port, [...(byPort.get(p.port) ?? []), p]);

  const filterChains: Json[] = [];
  for (const [port, services] of [...byPort].sort(([a], [b]) => a - b)) {
    const match = { filterChainMatch: { destinationPort: { value: port } } };
    const tcp = services.find((s) => s.protocol === 'tcp');
    if (tcp) {
      const route = tcp.routes.find((r) => r.targets.some((t) => t.weight > 0));
      if (!route) continue;
      const idle = appMeshDurationMillis((route.spec as TcpRoute).timeout?.idle);
      const extra = { ...(idle !== undefined ? { idleTimeout: durationFromMillis(idle) } : {}), ...logs };
      filterChains.push({ ...match, filters: [tcpProxy(egressStatPrefix, { weightedClusters: tcpWeightedClusters(route.targets, clusterOf) }, extra)] });
      continue;
    }
    const routeConfig = egressRouteConfigName('http', port);
    addResource(config, 'route', {
      name: routeConfig,
      virtualHosts: [
        ...distinctHosts(services).map((s) => ({ name: `${s.service}_${port}`, domains: [s.service, `${s.service}:${port}`], routes: envoyRoutes(s.routes, clusterOf, s.service) })),
        ...unmatched.catchAllVirtualHosts,
      ],
    });
    filterChains.push({ ...match, filters: [httpConnectionManager(egressStatPrefix, routeConfig, logs)] });
  }

  addResource(config, 'listener', {
    name: egressListenerName,
    address: { socketAddress: { address: '0.0.0.0', portValue: egressListenerPort } },
    listenerFilters: [{ name: 'envoy.filters.listener.original_dst', typedConfig: any(anyTypes.originalDst, {}) }, ...unmatched.listenerFilters],
    filterChains: [...filterChains, ...unmatched.chains],
    ...(unmatched.defaultFilterChain ? { defaultFilterChain: unmatched.defaultFilterChain } : {}),
    trafficDirection: 'OUTBOUND',
    ...aggregateStats(),
  });
}
