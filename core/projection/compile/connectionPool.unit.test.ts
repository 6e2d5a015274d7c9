import { describe, expect, it } from 'vitest';
import { callerSnapshot, ownSnapshot, resource } from './nodeSnapshot.testSupport.js';

const unlimited = { value: 2147483647 };
const thresholdsOf = (cluster: Record<string, unknown>) => (cluster['circuitBreakers'] as { thresholds: unknown[] }).thresholds[0];
const ingressThresholds = (protocol: string, connectionPool?: object) =>
  thresholdsOf(resource(ownSnapshot({ listeners: [{ portMapping: { port: 8080, protocol }, ...(connectionPool ? { connectionPool } : {}) }] }), 'cluster', `cds_ingress_demo_api_${protocol}_8080`));

describe('listener connection pools', () => {
  it('limit connections and pending requests to the local app for http', () => {
    expect(ingressThresholds('http', { http: { maxConnections: 50, maxPendingRequests: 10 } })).toEqual({ maxConnections: { value: 50 }, maxPendingRequests: { value: 10 }, maxRequests: unlimited, maxRetries: unlimited });
  });

  it('leave pending requests unlimited when an http pool sets only connections', () => {
    expect(ingressThresholds('http', { http: { maxConnections: 50 } })).toMatchObject({ maxConnections: { value: 50 }, maxPendingRequests: unlimited });
  });

  it('limit concurrent requests for http2 and grpc', () => {
    expect(ingressThresholds('http2', { http2: { maxRequests: 7 } })).toEqual({ maxConnections: unlimited, maxPendingRequests: unlimited, maxRequests: { value: 7 }, maxRetries: unlimited });
    expect(ingressThresholds('grpc', { grpc: { maxRequests: 8 } })).toMatchObject({ maxRequests: { value: 8 } });
  });

  it('limit connections for tcp', () => {
    expect(ingressThresholds('tcp', { tcp: { maxConnections: 3 } })).toMatchObject({ maxConnections: { value: 3 }, maxRequests: unlimited });
  });

  it("ignore a pool for another protocol than the listener's", () => {
    expect(ingressThresholds('http', { tcp: { maxConnections: 3 } })).toMatchObject({ maxConnections: unlimited });
  });

  it("default every threshold to App Mesh's 2147483647, on ingress and egress clusters alike", () => {
    const all = { maxConnections: unlimited, maxPendingRequests: unlimited, maxRequests: unlimited, maxRetries: unlimited };
    expect(ingressThresholds('http')).toEqual(all);
    const caller = callerSnapshot({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'api.local' } } });
    expect(thresholdsOf(resource(caller, 'cluster', 'cds_egress_demo_api_http_8080'))).toEqual(all);
  });
});
