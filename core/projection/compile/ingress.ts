import type { Listener } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { appMeshDurationMillis, defaults, durationFromMillis } from '../envoy/proto.js';
import { ingressClusterName, ingressListenerName, ingressListenerPort, ingressRouteConfigName } from '../envoy/names.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any } from '../envoy/proto.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { ingressCluster } from './clusters.js';
import { httpConnectionManager, tcpProxy } from './httpConnectionManager.js';
import { nodeSpec } from './resolveService.js';

/**
 * Inbound traffic: iptables sends it to 15000; one filter chain per node
 * listener, chosen by the original destination port, forwards to the local
 * application through `cds_ingress_<mesh>_<node>_<protocol>_<port>`.
 */
export function addIngress(config: EnvoyConfig, node: Resource): void {
  const listeners = nodeSpec(node).listeners ?? [];
  if (listeners.length === 0) return;
  const filterChains = listeners.map((listener) => ingressFilterChain(config, node, listener));
  addResource(config, 'listener', {
    name: ingressListenerName,
    address: { socketAddress: { address: '0.0.0.0', portValue: ingressListenerPort } },
    listenerFilters: [{ name: 'envoy.filters.listener.original_dst', typedConfig: any(anyTypes.originalDst, {}) }],
    filterChains,
  });
}

function ingressFilterChain(config: EnvoyConfig, node: Resource, listener: Listener): Record<string, unknown> {
  const { port, protocol } = listener.portMapping;
  const cluster = ingressClusterName(node.id.mesh, node.id.name, protocol, port);
  addResource(config, 'cluster', ingressCluster(cluster, listener));
  const match = { filterChainMatch: { destinationPort: { value: port } } };
  if (protocol === 'tcp') {
    const idle = appMeshDurationMillis(listener.timeout?.tcp?.idle);
    return { ...match, filters: [tcpProxy('ingress', { cluster }, idle !== undefined ? { idleTimeout: durationFromMillis(idle) } : {})] };
  }
  const timeout = listener.timeout?.[protocol];
  const perRequest = appMeshDurationMillis(timeout?.perRequest) ?? defaults.perRequestTimeoutMs;
  const idle = appMeshDurationMillis(timeout?.idle);
  const routeConfig = ingressRouteConfigName(protocol, port);
  addResource(config, 'route', {
    name: routeConfig,
    virtualHosts: [
      {
        name: `${node.id.name}_${protocol}_${port}`,
        domains: ['*'],
        routes: [{ match: { prefix: '/' }, route: { cluster, timeout: perRequest ? durationFromMillis(perRequest) : {}, ...(idle !== undefined ? { idleTimeout: durationFromMillis(idle) } : {}) } }],
      },
    ],
  });
  return { ...match, filters: [httpConnectionManager('ingress', routeConfig, protocol === 'http' ? {} : { codecType: 'HTTP2' })] };
}
