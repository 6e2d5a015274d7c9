import type { VirtualGatewayListener, VirtualGatewayLogging } from '../../model/appMeshTypes.js';
import { gatewayListenerName, ingressRouteConfigName, ingressStatPrefix } from '../envoy/names.js';
import type { EnvoyConfig, EnvoyResource } from './envoyConfig.js';
import { accessLogs } from './accessLog.js';
import { aggregateStats } from './aggregateStats.js';
import { httpConnectionManager } from './httpConnectionManager.js';
import { tlsFilterChains, tlsInspector } from './listenerTls.js';

/** The route configuration a gateway listener reads over RDS. */
export const gatewayRouteConfigName = (listener: VirtualGatewayListener) => ingressRouteConfigName(listener.portMapping.protocol, listener.portMapping.port);

/**
 * One gateway listener: Envoy listens on 0.0.0.0:<port> itself (no iptables
 * redirect, unlike a sidecar) and routes through `rds_ingress_<protocol>_<port>`,
 * logging to `logging.accessLog.file`, its stats under `ingress.<protocol>.<port>`. TLS as on a virtual node's listener
 * (listenerTls.ts): STRICT, PERMISSIVE (TLS inspector picks the chain) or
 * DISABLED. `healthCheck` describes how the gateway itself is probed (by
 * whatever sits in front of it), not its targets, so it shapes no listener,
 * route or cluster here.
 */
export function gatewayListener(config: EnvoyConfig, listener: VirtualGatewayListener, logging: VirtualGatewayLogging | undefined): EnvoyResource {
  const { port, protocol } = listener.portMapping;
  const hcm = httpConnectionManager(ingressStatPrefix(protocol, port), gatewayRouteConfigName(listener), {
    ...(protocol === 'http' ? {} : { codecType: 'HTTP2' }),
    ...accessLogs(logging),
    // Hostname matches compare host names: `Host: name:port` must match `name` too.
    stripAnyHostPort: true,
  });
  const permissive = listener.tls?.mode === 'PERMISSIVE';
  return {
    name: gatewayListenerName(port),
    address: { socketAddress: { address: '0.0.0.0', portValue: port } },
    ...(permissive ? { listenerFilters: tlsInspector([port]) } : {}),
    filterChains: tlsFilterChains(config, port, [hcm], listener.tls, protocol),
    trafficDirection: 'INBOUND',
    ...aggregateStats(),
  };
}
