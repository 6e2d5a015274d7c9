import { describe, expect, it } from 'vitest';
import { callerSnapshot, resource } from './nodeSnapshot.testSupport.js';

const egressCluster = (protocol: string, port = 8080) => `cds_egress_demo_api_${protocol}_${port}`;
const thresholds = { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 3 };
const dnsApi = (listener: object) => ({ listeners: [listener], serviceDiscovery: { dns: { hostname: 'api.local' } } });

describe('listener health checks', () => {
  it("run in each caller's egress cluster: an HTTP GET of the path, with the target's host", () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 8080, protocol: 'http' }, healthCheck: { protocol: 'http', path: '/ping', ...thresholds } }));
    expect(resource(snapshot, 'cluster', egressCluster('http'))['healthChecks']).toEqual([
      { timeout: { seconds: 2 }, interval: { seconds: 5 }, unhealthyThreshold: { value: 3 }, healthyThreshold: { value: 2 }, httpHealthCheck: { host: 'api.local:8080', path: '/ping' } },
    ]);
  });

  it('speak HTTP/2 for an http2 health check', () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 8080, protocol: 'http2' }, healthCheck: { protocol: 'http2', path: '/ping', ...thresholds } }));
    const [check] = resource(snapshot, 'cluster', egressCluster('http2'))['healthChecks'] as Record<string, unknown>[];
    expect(check!['httpHealthCheck']).toEqual({ host: 'api.local:8080', path: '/ping', codecClientType: 'HTTP2' });
  });

  it('use the gRPC health checking protocol for grpc', () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 8080, protocol: 'grpc' }, healthCheck: { protocol: 'grpc', ...thresholds } }));
    const [check] = resource(snapshot, 'cluster', egressCluster('grpc'))['healthChecks'] as Record<string, unknown>[];
    expect(check!['grpcHealthCheck']).toEqual({ authority: 'api.local:8080' });
  });

  it('fall back to a connect check for a gRPC check on an http listener, whose cluster Envoy would not give HTTP/2', () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 8080, protocol: 'http' }, healthCheck: { protocol: 'grpc', ...thresholds } }));
    const [check] = resource(snapshot, 'cluster', egressCluster('http'))['healthChecks'] as Record<string, unknown>[];
    expect(check!['tcpHealthCheck']).toEqual({});
    expect(check!['grpcHealthCheck']).toBeUndefined();
  });

  it('only connect for tcp', () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 5432, protocol: 'tcp' }, healthCheck: { protocol: 'tcp', ...thresholds } }));
    const [check] = resource(snapshot, 'cluster', egressCluster('tcp', 5432))['healthChecks'] as Record<string, unknown>[];
    expect(check!['tcpHealthCheck']).toEqual({});
  });

  it('check another port through the endpoint, since Envoy has no per-check port', () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 8080, protocol: 'http' }, healthCheck: { protocol: 'http', path: '/', port: 9901, ...thresholds } }));
    const assignment = resource(snapshot, 'cluster', egressCluster('http'))['loadAssignment'];
    expect(assignment).toEqual({
      clusterName: egressCluster('http'),
      endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: 'api.local', portValue: 8080 } }, healthCheckConfig: { portValue: 9901 } } }] }],
    });
  });

  it('are absent when the listener has none', () => {
    const snapshot = callerSnapshot(dnsApi({ portMapping: { port: 8080, protocol: 'http' } }));
    expect(resource(snapshot, 'cluster', egressCluster('http'))['healthChecks']).toBeUndefined();
  });
});
