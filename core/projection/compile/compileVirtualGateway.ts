import type { VirtualGatewayListener, VirtualGatewaySpec } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { selfRedirectClusterName } from '../envoy/names.js';
import type { MeshReader } from '../meshReader.js';
import { selfRedirectCluster } from './clusters.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource, emptyConfig } from './envoyConfig.js';
import { addGatewayEgress, gatewayTargets } from './gatewayEgress.js';
import { gatewayListener, gatewayRouteConfigName } from './gatewayListeners.js';
import { gatewayRouteConfig, orderedGatewayRoutes } from './gatewayRoutes.js';

/**
 * Everything one virtual gateway's Envoy needs; undefined when the gateway
 * does not exist. In two hops, as App Mesh built it: per listener (by port)
 * a listener and its route configuration built from the gateway routes,
 * which send each request through the listener's self-redirect cluster
 * (carrying the listener's connection pool) back to the gateway's own
 * egress listener; there the target services' routes pick the
 * `cds_egress_...` clusters of their virtual nodes (gatewayEgress.ts).
 */
export function compileVirtualGateway(reader: MeshReader, gatewayName: string): EnvoyConfig | undefined {
  const gateway = reader.get('virtualGateway', gatewayName);
  if (!gateway) return undefined;
  const spec = gateway.spec as unknown as VirtualGatewaySpec;
  const config = emptyConfig();
  const listeners = [...(spec.listeners ?? [])].sort((a, b) => a.portMapping.port - b.portMapping.port);
  if (listeners.length === 0) return config;
  const routes = orderedGatewayRoutes(reader, gatewayName);
  const targets = gatewayTargets();
  for (const listener of listeners) {
    const selfRedirect = selfRedirectOf(gateway, listener, listeners.length);
    addResource(config, 'cluster', selfRedirectCluster(selfRedirect, listener.portMapping.protocol, listener.connectionPool));
    addResource(config, 'route', gatewayRouteConfig(reader, gateway, listener, listeners.length, routes, selfRedirect, targets, gatewayRouteConfigName(listener)));
    addResource(config, 'listener', gatewayListener(config, listener, spec.logging));
  }
  addGatewayEgress(config, reader, spec, targets);
  return config;
}

/** With one listener App Mesh's name has no listener port; with several, each listener's cluster names its port. */
function selfRedirectOf(gateway: Resource, listener: VirtualGatewayListener, listenerCount: number): string {
  const { port, protocol } = listener.portMapping;
  return selfRedirectClusterName(gateway.id.mesh, gateway.id.name, protocol, listenerCount > 1 ? port : undefined);
}
