import type { ClientPolicyTls, Listener, MeshSpec, VirtualGatewayConnectionPool } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any, durationFromMillis } from '../envoy/proto.js';
import { egressListenerPort, gatewayEgressAddress } from '../envoy/names.js';
import type { EnvoyResource } from './envoyConfig.js';
import { aggregateStats } from './aggregateStats.js';
import { upstreamTransportSocket } from './clientPolicy.js';
import { circuitBreakers } from './connectionPool.js';
import { healthCheckPort, healthChecks } from './healthCheck.js';
import { outlierDetection } from './outlierDetection.js';
import type { Protocol } from './resolveService.js';
import { nodeSpec } from './resolveService.js';
import { discoveryHost, dnsLookupFamily, ipPreferenceOf } from './serviceDiscovery.js';

export { circuitBreakers } from './connectionPool.js';

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

/** The local application behind one listener of a virtual node, limited by the listener's connection pool. */
export function ingressCluster(name: string, listener: Listener, localAddress = '127.0.0.1'): EnvoyResource {
  const { port, protocol } = listener.portMapping;
  return {
    name,
    type: 'STATIC',
    connectTimeout: durationFromMillis(1000),
    loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: localAddress, portValue: port } } } }] }] },
    ...circuitBreakers(listener.connectionPool, protocol),
    ...protocolOptions(protocol),
  };
}

/**
 * A virtual gateway listener's first hop back to its own egress listener
 * (loopback, so App Mesh's 250 ms connect timeout), limited by the
 * listener's connection pool: one limit per listener, whatever the targets.
 */
export function selfRedirectCluster(name: string, protocol: Protocol, pool: VirtualGatewayConnectionPool | undefined): EnvoyResource {
  const endpoint = { address: { socketAddress: { address: gatewayEgressAddress, portValue: egressListenerPort } } };
  return {
    name,
    type: 'STATIC',
    connectTimeout: durationFromMillis(250),
    loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint }] }] },
    ...circuitBreakers(pool),
    ...protocolOptions(protocol),
  };
}

/**
 * A port of a virtual node as seen by its callers: DNS (LOADBALANCER ->
 * LOGICAL_DNS, ENDPOINTS -> STRICT_DNS) or Cloud Map (EDS, with the
 * assignment built from the instance registry). The target listener's
 * health check and outlier detection run here, in the caller, and so does
 * the caller's client TLS policy when one applies. Tagged with the target
 * node for App Mesh's aggregate stats.
 */
export function upstreamCluster(name: string, target: Resource, port: number, protocol: Protocol, meshSpec: MeshSpec | undefined, tls?: ClientPolicyTls): EnvoyResource {
  const spec = nodeSpec(target);
  const discovery = spec.serviceDiscovery;
  const listener = spec.listeners?.find((l) => l.portMapping.port === port);
  const common = {
    name,
    connectTimeout: durationFromMillis(1000),
    ...circuitBreakers(undefined),
    ...healthChecks(listener?.healthCheck, discoveryHost(target), port, protocol),
    ...outlierDetection(listener?.outlierDetection),
    ...(tls ? { transportSocket: upstreamTransportSocket(tls, discovery?.dns?.hostname, protocol) } : {}),
    ...protocolOptions(protocol),
    ...aggregateStats([{ key: 'TargetVirtualNode', value: target.id.name }]),
  };
  if (discovery?.awsCloudMap) {
    // An instance deregistered from Cloud Map leaves at once, even while its
    // health check still passes (App Mesh's v2 drain_connections_on_host_removal).
    return { ...common, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' } }, ignoreHealthOnHostRemoval: true };
  }
  if (discovery?.dns) {
    const endpoint = { address: { socketAddress: { address: discovery.dns.hostname, portValue: port } }, ...healthCheckPort(listener?.healthCheck, port) };
    return {
      ...common,
      type: discovery.dns.responseType === 'ENDPOINTS' ? 'STRICT_DNS' : 'LOGICAL_DNS',
      ...dnsLookupFamily(ipPreferenceOf(target, meshSpec)),
      loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint }] }] },
    };
  }
  // A node without service discovery cannot be reached; the cluster exists so routes stay consistent.
  return { ...common, type: 'STATIC', loadAssignment: { clusterName: name } };
}
