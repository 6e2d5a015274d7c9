import type { Listener, MeshSpec } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { any, appMeshDurationMillis, defaults, durationFromMillis } from '../envoy/proto.js';
import { ingressClusterName, ingressListenerName, ingressListenerPort, ingressRouteConfigName, ingressStatPrefix } from '../envoy/names.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { accessLogs } from './accessLog.js';
import { aggregateStats } from './aggregateStats.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { ingressCluster } from './clusters.js';
import { httpConnectionManager, tcpProxy } from './httpConnectionManager.js';
import { tlsFilterChains, tlsInspector } from './listenerTls.js';
import { nodeSpec } from './resolveService.js';
import { ipPreferenceOf, localAppAddress } from './serviceDiscovery.js';

type Json = Record<string, unknown>;

/**
 * Inbound traffic: iptables sends it to 15000; filter chains per node
 * listener, chosen by the original destination port (and, in PERMISSIVE
 * TLS mode, by whether the client speaks TLS), forward to the local
 * application through `cds_ingress_<mesh>_<node>_<protocol>_<port>`.
 * Each listener's stats go under `ingress.<protocol>.<port>`, as App Mesh's
 * multiple-listener nodes had them.
 */
export function addIngress(config: EnvoyConfig, node: Resource, meshSpec?: MeshSpec): void {
  const listeners = nodeSpec(node).listeners ?? [];
  if (listeners.length === 0) return;
  const localAddress = localAppAddress(ipPreferenceOf(node, meshSpec));
  const filterChains = listeners.flatMap((listener) => ingressFilterChains(config, node, listener, localAddress));
  const permissivePorts = listeners.filter((l) => l.tls?.mode === 'PERMISSIVE').map((l) => l.portMapping.port);
  addResource(config, 'listener', {
    name: ingressListenerName,
    address: { socketAddress: { address: '0.0.0.0', portValue: ingressListenerPort } },
    listenerFilters: [{ name: 'envoy.filters.listener.original_dst', typedConfig: any(anyTypes.originalDst, {}) }, ...tlsInspector(permissivePorts)],
    filterChains,
    trafficDirection: 'INBOUND',
    ...aggregateStats(),
  });
}

function ingressFilterChains(config: EnvoyConfig, node: Resource, listener: Listener, localAddress: string): Json[] {
  const { port, protocol } = listener.portMapping;
  const cluster = ingressClusterName(node.id.mesh, node.id.name, protocol, port);
  addResource(config, 'cluster', ingressCluster(cluster, listener, localAddress));
  const logs = accessLogs(nodeSpec(node).logging);
  const filter = protocol === 'tcp' ? tcpFilter(listener, cluster, logs) : httpFilter(config, node, listener, cluster, logs);
  return tlsFilterChains(config, port, [filter], listener.tls, protocol);
}

function tcpFilter(listener: Listener, cluster: string, logs: Json): Json {
  const idle = appMeshDurationMillis(listener.timeout?.tcp?.idle);
  return tcpProxy(ingressStatPrefix('tcp', listener.portMapping.port), { cluster }, { ...(idle !== undefined ? { idleTimeout: durationFromMillis(idle) } : {}), ...logs });
}

/**
 * HTTP, HTTP/2 and gRPC: one route to the local application. The
 * listener's per-request timeout (App Mesh's 15 s when unset, 0 disables)
 * bounds each request; its idle timeout is the connection manager's stream
 * idle timeout (Envoy's 5 min when unset, as App Mesh documented).
 */
function httpFilter(config: EnvoyConfig, node: Resource, listener: Listener, cluster: string, logs: Json): Json {
  const { port, protocol } = listener.portMapping;
  const timeout = protocol === 'tcp' ? undefined : listener.timeout?.[protocol];
  const perRequest = appMeshDurationMillis(timeout?.perRequest) ?? defaults.perRequestTimeoutMs;
  const idle = appMeshDurationMillis(timeout?.idle);
  const routeConfig = ingressRouteConfigName(protocol, port);
  addResource(config, 'route', {
    name: routeConfig,
    virtualHosts: [
      {
        name: `${node.id.name}_${protocol}_${port}`,
        domains: ['*'],
        routes: [{ match: { prefix: '/' }, route: { cluster, timeout: durationFromMillis(perRequest) } }],
      },
    ],
  });
  return httpConnectionManager(ingressStatPrefix(protocol, port), routeConfig, {
    ...(protocol === 'http' ? {} : { codecType: 'HTTP2' }),
    ...(idle !== undefined ? { streamIdleTimeout: durationFromMillis(idle) } : {}),
    ...logs,
  });
}
