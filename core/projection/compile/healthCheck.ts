import type { HealthCheckPolicy } from '../../model/appMeshTypes.js';
import { durationFromMillis, u32 } from '../envoy/proto.js';

type Json = Record<string, unknown>;

/**
 * A listener's health check, run by every caller's Envoy against the
 * node's endpoints on its egress cluster, as App Mesh did (its config dumps
 * carry `health_checks` on `cds_egress_*` clusters, with the target's host).
 */
export function healthChecks(policy: HealthCheckPolicy | undefined, host: string | undefined, port: number, protocol: 'http' | 'http2' | 'grpc' | 'tcp' = 'grpc'): Json {
  if (!policy) return {};
  return {
    healthChecks: [
      {
        timeout: durationFromMillis(policy.timeoutMillis),
        interval: durationFromMillis(policy.intervalMillis),
        unhealthyThreshold: u32(policy.unhealthyThreshold),
        healthyThreshold: u32(policy.healthyThreshold),
        ...checker(policy, host ? `${host}:${port}` : undefined, protocol === 'http2' || protocol === 'grpc'),
      },
    ],
  };
}

function checker(policy: HealthCheckPolicy, host: string | undefined, speaksH2: boolean): Json {
  switch (policy.protocol) {
    case 'tcp':
      // An empty TCP check is a connect-only check.
      return { tcpHealthCheck: {} };
    case 'grpc':
      // grpc.health.v1.Health/Check for the overall server (empty service name). Envoy
      // rejects a gRPC check on a cluster without HTTP/2, which would NACK the whole
      // CDS update, so on an http or tcp listener it falls back to a connect check.
      if (!speaksH2) return { tcpHealthCheck: {} };
      return { grpcHealthCheck: host ? { authority: host } : {} };
    default:
      return {
        httpHealthCheck: {
          ...(host ? { host } : {}),
          // Envoy requires a path; App Mesh documents it as required for http and http2.
          path: policy.path || '/',
          ...(policy.protocol === 'http2' ? { codecClientType: 'HTTP2' } : {}),
        },
      };
  }
}

/**
 * HealthCheck.alt_port is not implemented in Envoy; a health check port
 * other than the serving port goes on each endpoint instead.
 */
export function healthCheckPort(policy: HealthCheckPolicy | undefined, servingPort: number): Json {
  return policy?.port !== undefined && policy.port !== servingPort ? { healthCheckConfig: { portValue: policy.port } } : {};
}
