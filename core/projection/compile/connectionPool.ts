import type { VirtualNodeConnectionPool } from '../../model/appMeshTypes.js';
import { defaults, u32 } from '../envoy/proto.js';
import type { Protocol } from './resolveService.js';

type Json = Record<string, unknown>;

/**
 * A listener's connection pool as the circuit breakers of the cluster in
 * front of the local application: http limits connections and pending
 * requests, http2 and grpc limit concurrent requests, tcp limits
 * connections. What the pool leaves open stays at App Mesh's 2147483647,
 * which it also set on every other cluster instead of Envoy's 1024.
 * Without a protocol, whatever the pool sets counts (the gateway's use).
 */
export function circuitBreakers(pool: VirtualNodeConnectionPool | undefined, protocol?: Protocol): Json {
  const p = protocol ? { [protocol]: pool?.[protocol] } : (pool ?? {});
  const limits = {
    maxConnections: p.http?.maxConnections ?? p.tcp?.maxConnections ?? defaults.unlimited,
    maxPendingRequests: p.http?.maxPendingRequests ?? defaults.unlimited,
    maxRequests: p.http2?.maxRequests ?? p.grpc?.maxRequests ?? defaults.unlimited,
    maxRetries: defaults.unlimited,
  };
  return { circuitBreakers: { thresholds: [Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, u32(v)]))] } };
}
