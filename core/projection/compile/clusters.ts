import type { Listener, MeshSpec, VirtualNodeConnectionPool } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any, defaults, durationFromMillis, u32 } from '../envoy/proto.js';
import type { EnvoyResource } from './envoyConfig.js';
import type { Protocol } from './resolveService.js';
import { nodeSpec } from './resolveService.js';

type Json = Record<string, unknown>;

/** HTTP/2 and gRPC upstreams speak h2; http and tcp keep Envoy's default. */
export function protocolOptions(protocol: Protocol): Json {
  if (protocol !== 'http2' && protocol !== 'grpc') return {};
  return {
    typedExtensionProtocolOptions: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': any(anyTypes.httpProtocolOptions, { explicitHttpConfig: { http2ProtocolOptions: {} } }),
    },
  };
}

/** Circuit breakers from a connection pool; App Mesh left every threshold wide open otherwise. */
export function circuitBreakers(pool: VirtualNodeConnectionPool | undefined): Json {
  const limits = {
    maxConnections: pool?.http?.maxConnections ?? pool?.tcp?.maxConnections ?? defaults.unlimited,
    maxPendingRequests: pool?.http?.maxPendingRequests ?? defaults.unlimited,
    maxRequests: pool?.http2?.maxRequests ?? pool?.grpc?.maxRequests ?? defaults.unlimited,
    maxRetries: defaults.unlimited,
  };
  return { circuitBreakers: { thresholds: [Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, u32(v)]))] } };
}

/** The local application behind one listener of a virtual node. */
export function ingressCluster(name: string, listener: Listener): EnvoyResource {
  const { port, protocol } = listener.portMapping;
  return {
    name,
    type: 'STATIC',
    connectTimeout: durationFromMillis(1000),
    loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: port } } } }] }] },
    ...circuitBreakers(listener.connectionPool),
    ...protocolOptions(protocol),
  };
}

const dnsFamily: Record<string, string> = { IPv4_ONLY: 'V4_ONLY', IPv6_ONLY: 'V6_ONLY', IPv4_PREFERRED: 'V4_PREFERRED', IPv6_PREFERRED: 'AUTO' };

/**
 * A port of a virtual node as seen by its callers: DNS (LOADBALANCER ->
 * LOGICAL_DNS, ENDPOINTS -> STRICT_DNS) or Cloud Map (EDS, with the
 * assignment built from the instance registry).
 */
export function upstreamCluster(name: string, target: Resource, port: number, protocol: Protocol, meshSpec: MeshSpec | undefined): EnvoyResource {
  const discovery = nodeSpec(target).serviceDiscovery;
  const common = { name, connectTimeout: durationFromMillis(1000), ...protocolOptions(protocol) };
  if (discovery?.awsCloudMap) {
    return { ...common, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' } } };
  }
  if (discovery?.dns) {
    const family = dnsFamily[discovery.dns.ipPreference ?? meshSpec?.serviceDiscovery?.ipPreference ?? ''];
    return {
      ...common,
      type: discovery.dns.responseType === 'ENDPOINTS' ? 'STRICT_DNS' : 'LOGICAL_DNS',
      ...(family ? { dnsLookupFamily: family } : {}),
      loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: discovery.dns.hostname, portValue: port } } } }] }] },
    };
  }
  // A node without service discovery cannot be reached; the cluster exists so routes stay consistent.
  return { ...common, type: 'STATIC', loadAssignment: { clusterName: name } };
}
