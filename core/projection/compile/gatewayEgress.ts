import type { MeshSpec, VirtualGatewaySpec } from '../../model/appMeshTypes.js';
import { egressListenerPort, egressRouteConfigName, egressStatPrefix, gatewayEgressAddress, gatewayEgressListenerName } from '../envoy/names.js';
import type { MeshReader } from '../meshReader.js';
import { accessLogs } from './accessLog.js';
import { aggregateStats } from './aggregateStats.js';
import { tlsAppliesTo } from './clientPolicy.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { envoyRoutes, targetCluster } from './egress.js';
import { httpConnectionManager } from './httpConnectionManager.js';
import type { ServicePort, Target } from './resolveService.js';

type Json = Record<string, unknown>;

/** The header App Mesh's first hop set when the Host could not say which virtual service a request is for. */
export const targetServiceHeader = 'x-app-mesh-virtual-service';

export const gatewayEgressRouteConfigName = egressRouteConfigName('http', egressListenerPort);

interface Entry {
  readonly service: string;
  readonly port: ServicePort;
}

/**
 * The virtual services a gateway's first hop sends requests to, and how the
 * second hop (`rds_egress_http_15001`) recognises each one, as App Mesh did:
 * by Host, rewritten to the service name, which picks the service's virtual
 * host; or, when the gateway route keeps the client's Host
 * (`defaultTargetHostname: DISABLED`), by the `x-app-mesh-virtual-service`
 * header in the catch-all `default_backend` host. A target port other than
 * the service's first is always told by header (`<service>:<port>`), since
 * one Host names one service port; so is a service whose name another takes
 * up to case, since Envoy compares domains case-insensitively.
 */
export function gatewayTargets() {
  const byHost = new Map<string, Entry>();
  const hostOwners = new Map<string, string>();
  const byHeader = new Map<string, Entry>();
  return {
    /** The route-action fields and route fields a first-hop route needs to reach `service` at `port` on the second hop. */
    address(service: string, port: ServicePort, firstPort: boolean, rewriteHost: boolean): { action: Json; route: Json } {
      const hostRewrite = rewriteHost ? { hostRewriteLiteral: service } : {};
      const owner = hostOwners.get(service.toLowerCase());
      if (rewriteHost && firstPort && (owner === undefined || owner === service)) {
        hostOwners.set(service.toLowerCase(), service);
        byHost.set(service, { service, port });
        return { action: hostRewrite, route: {} };
      }
      const key = firstPort ? service : `${service}:${port.port}`;
      byHeader.set(key, { service, port });
      const header = { header: { key: targetServiceHeader, value: key }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' };
      return { action: hostRewrite, route: { requestHeadersToAdd: [header] } };
    },
    byHost: () => [...byHost.values()].sort((a, b) => compare(a.service, b.service)),
    byHeader: () => [...byHeader].sort(([a], [b]) => compare(a, b)),
  };
}

export type GatewayTargets = ReturnType<typeof gatewayTargets>;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The gateway's second hop: a listener on loopback 15001 that the
 * self-redirect clusters loop back to, and its route configuration, which
 * routes each target service exactly as a virtual node's egress would (the
 * router's routes on the rewritten request, weights, retries, timeouts) to
 * the egress clusters, with TLS from `backendDefaults.clientPolicy.tls`
 * where it applies to the target port.
 */
export function addGatewayEgress(config: EnvoyConfig, reader: MeshReader, spec: VirtualGatewaySpec, targets: GatewayTargets): void {
  const meshSpec = reader.mesh()?.spec as MeshSpec | undefined;
  const tls = spec.backendDefaults?.clientPolicy?.tls;
  const clusterOf = (t: Target) => targetCluster(config, reader, meshSpec, t, tlsAppliesTo(tls, t.port) ? tls : undefined);
  const hostRouted = targets.byHost().map(({ service, port }) => ({
    name: service,
    domains: [service, `${service}:${egressListenerPort}`],
    routes: envoyRoutes(port.routes, clusterOf, service),
  }));
  const headerRouted = targets.byHeader().flatMap(([key, { service, port }]) =>
    envoyRoutes(port.routes, clusterOf, service).map((route) => ({
      ...route,
      match: { ...(route['match'] as Json), headers: [...((route['match'] as Json)['headers'] as Json[] | undefined ?? []), { name: targetServiceHeader, stringMatch: { exact: key } }] },
      // Matching has read it; the application does not see it.
      requestHeadersToRemove: [targetServiceHeader],
    })),
  );
  const virtualHosts = [...hostRouted, ...(headerRouted.length ? [{ name: 'default_backend', domains: ['*'], routes: headerRouted }] : [])];
  addResource(config, 'route', { name: gatewayEgressRouteConfigName, ...(virtualHosts.length ? { virtualHosts } : {}) });
  addResource(config, 'listener', {
    name: gatewayEgressListenerName,
    address: { socketAddress: { address: gatewayEgressAddress, portValue: egressListenerPort } },
    // No codec set: the self-redirect clusters speak HTTP/1.1 or HTTP/2 as their listener does.
    filterChains: [{ filters: [httpConnectionManager(egressStatPrefix, gatewayEgressRouteConfigName, accessLogs(spec.logging))] }],
    trafficDirection: 'OUTBOUND',
    ...aggregateStats(),
  });
}
