import type { MeshSpec, TcpRoute } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { durationFromMillis } from '../envoy/proto.js';
import { egressClusterName, egressListenerName, egressListenerPort, egressRouteConfigName, passthroughClusterName } from '../envoy/names.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any } from '../envoy/proto.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { upstreamCluster } from './clusters.js';
import { addEndpoints } from './endpoints.js';
import { httpConnectionManager, tcpProxy } from './httpConnectionManager.js';
import type { ResolvedRoute, ServicePort, Target } from './resolveService.js';
import { nodeSpec, resolveService } from './resolveService.js';
import { httpRouteAction, weightedClusters } from './routeAction.js';
import { grpcRouteMatch, httpRouteMatch } from './routeMatch.js';

type Json = Record<string, unknown>;

export interface BackendPort extends ServicePort {
  readonly service: string;
}

/** Every port of every backend virtual service of a node, resolved through the mesh. */
export function backendPorts(reader: MeshReader, node: Resource): BackendPort[] {
  const names = (nodeSpec(node).backends ?? []).flatMap((b) => (b.virtualService ? [b.virtualService.virtualServiceName] : []));
  return [...new Set(names)].sort().flatMap((service) => resolveService(reader, service).map((port) => ({ ...port, service })));
}

/** The cluster a target's traffic goes to; adds it (and its endpoints) to the config on first use. */
export function targetCluster(config: EnvoyConfig, reader: MeshReader, meshSpec: MeshSpec | undefined, target: Target): string {
  const name = egressClusterName(target.node.id.mesh, target.node.id.name, target.protocol, target.port);
  addResource(config, 'cluster', upstreamCluster(name, target.node, target.port, target.protocol, meshSpec));
  addEndpoints(config, reader, name, target);
  return name;
}

/** One Envoy route per App Mesh route, in match order. */
export function envoyRoutes(routes: readonly ResolvedRoute[], clusterOf: (t: Target) => string): Json[] {
  return routes
    .filter((r) => r.type !== 'tcpRoute' && r.targets.length > 0)
    .map((r) => ({
      name: r.name,
      match: r.type === 'grpcRoute' ? grpcRouteMatch((r.spec as { match: object }).match as never) : httpRouteMatch((r.spec as { match: object }).match as never),
      route: httpRouteAction(r, clusterOf),
    }));
}

/**
 * Outbound traffic: iptables sends it to 15001; a filter chain per backend
 * port picks virtual hosts by service name (HTTP) or forwards (TCP). What
 * matches no backend is passed through (ALLOW_ALL) or dropped (DROP_ALL).
 */
export function addEgress(config: EnvoyConfig, reader: MeshReader, node: Resource): void {
  const meshSpec = reader.mesh()?.spec as MeshSpec | undefined;
  const ports = backendPorts(reader, node);
  const clusterOf = (t: Target) => targetCluster(config, reader, meshSpec, t);
  const byPort = new Map<number, BackendPort[]>();
  for (const p of ports) byPort.set(p.port, [...(byPort.get(p.port) ?? []), p]);

  const filterChains: Json[] = [];
  for (const [port, services] of [...byPort].sort(([a], [b]) => a - b)) {
    const match = { filterChainMatch: { destinationPort: { value: port } } };
    const tcp = services.find((s) => s.protocol === 'tcp');
    if (tcp) {
      const route = tcp.routes.find((r) => r.targets.length > 0);
      if (!route) continue;
      const idle = (route.spec as TcpRoute).timeout?.idle;
      filterChains.push({ ...match, filters: [tcpProxy('egress', { weightedClusters: weightedClusters(route.targets, clusterOf) }, idle?.value !== undefined ? { idleTimeout: durationFromMillis(idle.unit === 's' ? idle.value * 1000 : idle.value) } : {})] });
      continue;
    }
    const routeConfig = egressRouteConfigName('http', port);
    addResource(config, 'route', {
      name: routeConfig,
      virtualHosts: services.map((s) => ({ name: `${s.service}_${port}`, domains: [s.service, `${s.service}:${port}`], routes: envoyRoutes(s.routes, clusterOf) })),
    });
    filterChains.push({ ...match, filters: [httpConnectionManager('egress', routeConfig)] });
  }

  const allowAll = meshSpec?.egressFilter?.type === 'ALLOW_ALL';
  if (allowAll) addResource(config, 'cluster', { name: passthroughClusterName, type: 'ORIGINAL_DST', lbPolicy: 'CLUSTER_PROVIDED', connectTimeout: durationFromMillis(1000) });
  if (filterChains.length === 0 && !allowAll) return;
  addResource(config, 'listener', {
    name: egressListenerName,
    address: { socketAddress: { address: '0.0.0.0', portValue: egressListenerPort } },
    listenerFilters: [{ name: 'envoy.filters.listener.original_dst', typedConfig: any(anyTypes.originalDst, {}) }],
    filterChains,
    ...(allowAll ? { defaultFilterChain: { filters: [tcpProxy('egress_passthrough', { cluster: passthroughClusterName })] } } : {}),
  });
}
