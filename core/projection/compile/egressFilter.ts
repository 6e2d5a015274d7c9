import type { MeshSpec } from '../../model/appMeshTypes.js';
import { durationFromMillis } from '../envoy/proto.js';
import { allowAllClusterName, awsServicesClusterName, egressStatPrefix } from '../envoy/names.js';
import { circuitBreakers } from './connectionPool.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { tcpProxy } from './httpConnectionManager.js';
import { tlsInspector } from './listenerTls.js';

type Json = Record<string, unknown>;

const awsApiPort = 443;

/**
 * What the egress listener does with traffic no backend claims. App Mesh
 * always let applications reach AWS APIs (TLS to `*.amazonaws.com`:443,
 * picked by SNI), even under DROP_ALL; ALLOW_ALL passes everything else
 * through to its original destination, and DROP_ALL lets Envoy close it.
 * Both pass-through clusters use App Mesh's names and, like every other
 * cluster it sent, circuit breakers at 2147483647 rather than Envoy's 1024.
 */
export function egressFilter(config: EnvoyConfig, mesh: string, meshSpec: MeshSpec | undefined, logs: Json) {
  const originalDst = (name: string) => ({ name, type: 'ORIGINAL_DST', lbPolicy: 'CLUSTER_PROVIDED', connectTimeout: durationFromMillis(1000), ...circuitBreakers(undefined) });
  addResource(config, 'cluster', originalDst(awsServicesClusterName(mesh)));
  const awsChain = {
    filterChainMatch: { destinationPort: { value: awsApiPort }, serverNames: ['*.amazonaws.com'] },
    filters: [tcpProxy(egressStatPrefix, { cluster: awsServicesClusterName(mesh) }, logs)],
  };
  const allowAll = meshSpec?.egressFilter?.type === 'ALLOW_ALL';
  if (allowAll) addResource(config, 'cluster', originalDst(allowAllClusterName(mesh)));
  return {
    chains: [awsChain],
    listenerFilters: tlsInspector([awsApiPort]),
    ...(allowAll ? { defaultFilterChain: { filters: [tcpProxy(egressStatPrefix, { cluster: allowAllClusterName(mesh) }, logs)] } } : {}),
    /** Under ALLOW_ALL, HTTP to an unknown host on a backend's port goes out too, rather than getting a 404. */
    catchAllVirtualHosts: allowAll ? [{ name: 'allow_all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: allowAllClusterName(mesh) } }] }] : [],
  };
}
