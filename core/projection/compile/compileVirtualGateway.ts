import type { MeshSpec, VirtualGatewayListener, VirtualGatewaySpec } from '../../model/appMeshTypes.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource, emptyConfig } from './envoyConfig.js';
import { tlsAppliesTo } from './clientPolicy.js';
import { circuitBreakers } from './connectionPool.js';
import { targetCluster } from './egress.js';
import { gatewayListener, gatewayRouteConfigName } from './gatewayListeners.js';
import { gatewayRouteConfig, orderedGatewayRoutes } from './gatewayRoutes.js';
import type { Target } from './resolveService.js';

/**
 * Everything one virtual gateway's Envoy needs; undefined when the gateway
 * does not exist. Per listener (by port): a listener, its route configuration
 * built from the gateway routes, and the `cds_egress_...` clusters of the
 * virtual nodes those routes reach.
 */
export function compileVirtualGateway(reader: MeshReader, gatewayName: string): EnvoyConfig | undefined {
  const gateway = reader.get('virtualGateway', gatewayName);
  if (!gateway) return undefined;
  const spec = gateway.spec as unknown as VirtualGatewaySpec;
  const config = emptyConfig();
  const listeners = [...(spec.listeners ?? [])].sort((a, b) => a.portMapping.port - b.portMapping.port);
  const routes = orderedGatewayRoutes(reader, gatewayName);
  const clusterFor = gatewayClusters(config, reader, spec);
  for (const listener of listeners) {
    const routeConfig = gatewayRouteConfigName(listener);
    addResource(config, 'route', gatewayRouteConfig(reader, gateway, listener, listeners.length, routes, clusterFor(listener), routeConfig));
    addResource(config, 'listener', gatewayListener(config, listener, spec.logging));
  }
  return config;
}

/**
 * The gateway's upstream clusters are egress's clusters (same names, same
 * discovery, health checks and outlier detection), with TLS from
 * `backendDefaults.clientPolicy.tls` where it applies to the target port,
 * and circuit breakers from the connection pool of the listener that first
 * routes to the cluster (Envoy has one set per cluster).
 */
function gatewayClusters(config: EnvoyConfig, reader: MeshReader, spec: VirtualGatewaySpec) {
  const meshSpec = reader.mesh()?.spec as MeshSpec | undefined;
  const tls = spec.backendDefaults?.clientPolicy?.tls;
  const shaped = new Set<string>();
  return (listener: VirtualGatewayListener) =>
    (target: Target): string => {
      const name = targetCluster(config, reader, meshSpec, target, tlsAppliesTo(tls, target.port) ? tls : undefined);
      const cluster = config.cluster.get(name);
      if (cluster && !shaped.has(name)) {
        shaped.add(name);
        config.cluster.set(name, { ...cluster, ...circuitBreakers(listener.connectionPool) });
      }
      return name;
    };
}
