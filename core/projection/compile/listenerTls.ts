import type { ListenerTls } from '../../model/appMeshTypes.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any, boolValue } from '../envoy/proto.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import type { Protocol } from './resolveService.js';
import { alpn, certificateContext, sdsCluster, usesSds, validationContext } from './tls.js';

type Json = Record<string, unknown>;

/**
 * The filter chains of one listener port under its TLS mode: STRICT
 * terminates TLS and accepts nothing else; PERMISSIVE takes both, told
 * apart by the TLS inspector (`tls` or `raw_buffer`); DISABLED, or no
 * TLS, is plaintext. A validation context makes it mutual TLS: clients
 * must present a certificate that passes it.
 */
export function tlsFilterChains(config: EnvoyConfig, port: number, filters: Json[], tls: ListenerTls | undefined, protocol: Protocol): Json[] {
  const match = { destinationPort: { value: port } };
  if (!tls || tls.mode === 'DISABLED') return [{ filterChainMatch: match, filters }];
  if (usesSds(tls.certificate, tls.validation)) addResource(config, 'cluster', sdsCluster());
  const transportSocket = downstreamTransportSocket(tls, protocol);
  if (tls.mode === 'STRICT') return [{ filterChainMatch: match, filters, transportSocket }];
  return [
    { filterChainMatch: { ...match, transportProtocol: 'tls' }, filters, transportSocket },
    { filterChainMatch: { ...match, transportProtocol: 'raw_buffer' }, filters },
  ];
}

function downstreamTransportSocket(tls: ListenerTls, protocol: Protocol): Json {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: any(anyTypes.downstreamTls, {
      commonTlsContext: { ...certificateContext(tls.certificate), ...validationContext(tls.validation), ...alpn(protocol) },
      ...(tls.validation ? { requireClientCertificate: boolValue(true) } : {}),
    }),
  };
}

/**
 * The TLS inspector, run only on the given ports: it waits for the
 * client's first bytes, which would stall server-first protocols (MySQL,
 * SMTP) on every other port.
 */
export function tlsInspector(ports: readonly number[]): Json[] {
  if (ports.length === 0) return [];
  const portMatches = [...new Set(ports)].sort((a, b) => a - b).map((p) => ({ destinationPortRange: { start: p, end: p + 1 } }));
  const onPorts = portMatches.length === 1 ? portMatches[0] : { orMatch: { rules: portMatches } };
  return [{ name: 'envoy.filters.listener.tls_inspector', typedConfig: any(anyTypes.tlsInspector, {}), filterDisabled: { notMatch: onPorts } }];
}
