import { describe, expect, it } from 'vitest';
import { ingressListenerName } from '../envoy/names.js';
import { filterChains, firstFilterConfig, ownSnapshot, resource } from './nodeSnapshot.testSupport.js';

const ingressRoute = (snapshot: ReturnType<typeof ownSnapshot>, name: string) =>
  ((resource(snapshot, 'route', name)['virtualHosts'] as { routes: { route: Record<string, unknown> }[] }[])[0]!.routes[0]!.route);

describe('ingress timeouts', () => {
  it("bound each request to the local app by App Mesh's 15 s when the listener sets none", () => {
    const snapshot = ownSnapshot({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] });
    expect(ingressRoute(snapshot, 'rds_ingress_http_8080')).toEqual({ cluster: 'cds_ingress_demo_api_http_8080', timeout: { seconds: 15 } });
    expect(firstFilterConfig(filterChains(snapshot, ingressListenerName)[0]!)['streamIdleTimeout']).toBeUndefined();
  });

  it('take per-request and idle timeouts from the listener, idle on the connection manager', () => {
    const timeout = { http2: { perRequest: { value: 2500, unit: 'ms' }, idle: { value: 60, unit: 's' } } };
    const snapshot = ownSnapshot({ listeners: [{ portMapping: { port: 8080, protocol: 'http2' }, timeout }] });
    expect(ingressRoute(snapshot, 'rds_ingress_http2_8080')['timeout']).toEqual({ seconds: 2, nanos: 500_000_000 });
    const hcm = firstFilterConfig(filterChains(snapshot, ingressListenerName)[0]!);
    expect(hcm).toMatchObject({ codecType: 'HTTP2', streamIdleTimeout: { seconds: 60 } });
  });

  it('read the grpc timeouts of a grpc listener, where 0 disables the per-request timeout', () => {
    const timeout = { grpc: { perRequest: { value: 0, unit: 's' }, idle: { value: 0, unit: 's' } } };
    const snapshot = ownSnapshot({ listeners: [{ portMapping: { port: 8080, protocol: 'grpc' }, timeout }] });
    expect(ingressRoute(snapshot, 'rds_ingress_grpc_8080')['timeout']).toEqual({});
    expect(firstFilterConfig(filterChains(snapshot, ingressListenerName)[0]!)['streamIdleTimeout']).toEqual({});
  });

  it('close idle TCP connections after the tcp idle timeout', () => {
    const snapshot = ownSnapshot({ listeners: [{ portMapping: { port: 5432, protocol: 'tcp' }, timeout: { tcp: { idle: { value: 30, unit: 's' } } } }] });
    expect(firstFilterConfig(filterChains(snapshot, ingressListenerName)[0]!)).toMatchObject({ statPrefix: 'ingress.tcp.5432', cluster: 'cds_ingress_demo_api_tcp_5432', idleTimeout: { seconds: 30 } });
  });
});
