import type { Resource } from '../../domain/resource.js';
import { egressRouteConfigName } from '../envoy/names.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { backendPorts } from './egress.js';
import { httpConnectionManager } from './httpConnectionManager.js';

/**
 * Proxyless gRPC: a client dialing `xds:///<service>:<port>` (or `xds:///<service>`)
 * asks LDS for a listener of exactly that name and expects an API listener. Each
 * one points at the node's egress route configuration for that port, so the
 * client gets the same routes, weights, retries and timeouts as the node's Envoy.
 * Envoy itself never subscribes to these names; the agent leaves API listeners
 * out of wildcard responses.
 */
export function addApiListeners(config: EnvoyConfig, reader: MeshReader, node: Resource): void {
  const seen = new Set<string>();
  const backends = backendPorts(reader, node);
  // Egress turns a port with any TCP backend into a TCP proxy, with no route configuration to point at.
  const tcpPorts = new Set(backends.filter((b) => b.protocol === 'tcp').map((b) => b.port));
  for (const backend of backends) {
    if (tcpPorts.has(backend.port)) continue;
    const routeConfig = egressRouteConfigName('http', backend.port);
    // The bare name stands for the service's first port, as a client without a port means.
    for (const name of [`${backend.service}:${backend.port}`, backend.service]) {
      if (seen.has(name)) continue;
      seen.add(name);
      addResource(config, 'listener', { name, apiListener: { apiListener: httpConnectionManager('egress', routeConfig).typedConfig } });
    }
  }
}

/** Whether a listener is an API listener (for proxyless clients only). */
export const isApiListener = (listener: Record<string, unknown>): boolean => listener['apiListener'] !== undefined;
