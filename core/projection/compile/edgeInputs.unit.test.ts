// Inputs App Mesh accepted that a plain translation would turn into config
// Envoy refuses or misreads: each compiles to something valid instead
// (nodeSnapshot also insists on consistency and an unchanged protobuf round trip).
import { describe, expect, it } from 'vitest';
import { egressRouteConfigName } from '../envoy/names.js';
import { dnsNode, meshLog } from './meshLog.testSupport.js';
import { nodeSnapshot, resource } from './nodeSnapshot.testSupport.js';
import { uint32Max } from './uint32.js';

type Json = Record<string, unknown>;
const routesOf = (routeConfig: Json) => (routeConfig['virtualHosts'] as Json[]).map((vh) => ({ domains: vh['domains'], routes: ((vh['routes'] as Json[] | undefined) ?? []).map((r) => r['name']) }));

function routerMesh(routes: Record<string, object>, listeners: readonly [number, string][] = [[8080, 'http']]) {
  const log = meshLog();
  return [
    log.mesh(),
    log.created('virtualNode', 'api', dnsNode('api.local', 8080, listeners[0]?.[1])),
    log.created('virtualRouter', 'front', { listeners: listeners.map(([port, protocol]) => ({ portMapping: { port, protocol } })) }),
    ...Object.entries(routes).map(([name, spec]) => log.created('route', name, spec, 'front')),
    log.created('virtualService', 'front.svc', { provider: { virtualRouter: { virtualRouterName: 'front' } } }),
    log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'front.svc' } }] }),
  ];
}
const to = (port?: number) => ({ weightedTargets: [{ virtualNode: 'api', weight: 1, ...(port ? { port } : {}) }] });

describe('counts App Mesh accepts as a long', () => {
  it('saturates maxRetries and maxServerErrors at the uint32 maximum instead of wrapping', () => {
    const events = routerMesh({ many: { httpRoute: { match: { prefix: '/' }, action: to(), retryPolicy: { maxRetries: 5e9, perRetryTimeout: { value: 1, unit: 's' }, tcpRetryEvents: ['connection-error'] } } } });
    const snapshot = nodeSnapshot(events, 'web');
    const route = ((resource(snapshot, 'route', egressRouteConfigName('http', 8080))['virtualHosts'] as Json[])[0]?.['routes'] as Json[])[0] as Json;
    expect((route['route'] as Json)['retryPolicy']).toMatchObject({ numRetries: { value: uint32Max } });

    const log = meshLog();
    const outlierDetection = { maxServerErrors: 5e9, interval: { value: 1, unit: 's' }, baseEjectionDuration: { value: 1, unit: 's' }, maxEjectionPercent: 10 };
    const callee = nodeSnapshot(
      [
        log.mesh(),
        log.created('virtualNode', 'api', { ...dnsNode('api.local'), listeners: [{ portMapping: { port: 8080, protocol: 'http' }, outlierDetection }] }),
        log.created('virtualService', 'api.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
        log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'api.svc' } }] }),
      ],
      'web',
    );
    const cluster = callee.resources.cluster.find((c) => String(c['name']).startsWith('cds_egress_demo_api_')) as Json;
    expect(cluster['outlierDetection']).toMatchObject({ consecutive_5xx: { value: uint32Max } });
  });
});

describe('virtual services whose names differ only in case', () => {
  it('gives the host name to one of them, so the route configuration has no duplicate domain', () => {
    const log = meshLog();
    const snapshot = nodeSnapshot(
      [
        log.mesh(),
        log.created('virtualNode', 'api', dnsNode('api.local')),
        log.created('virtualService', 'Api.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
        log.created('virtualService', 'api.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
        log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'api.svc' } }, { virtualService: { virtualServiceName: 'Api.svc' } }] }),
      ],
      'web',
    );
    const domains = (resource(snapshot, 'route', egressRouteConfigName('http', 8080))['virtualHosts'] as Json[]).flatMap((vh) => vh['domains'] as string[]).map((d) => d.toLowerCase());
    expect(domains.filter((d) => d.startsWith('api.svc'))).toEqual(['api.svc', 'api.svc:8080']);
    expect(new Set(domains).size).toBe(domains.length);
  });
});

describe('routes matching on the listener port alone', () => {
  it('serve every path on their port of a router with several listeners, and nothing on the other', () => {
    const events = routerMesh(
      {
        a: { httpRoute: { match: { port: 8080 }, action: to() } },
        b: { http2Route: { match: { port: 9090 }, action: to() } },
      },
      [
        [8080, 'http'],
        [9090, 'http2'],
      ],
    );
    const snapshot = nodeSnapshot(events, 'web');
    const on8080 = routesOf(resource(snapshot, 'route', egressRouteConfigName('http', 8080)));
    expect(on8080[0]).toEqual({ domains: ['front.svc', 'front.svc:8080'], routes: ['a'] });
    const first = ((resource(snapshot, 'route', egressRouteConfigName('http', 8080))['virtualHosts'] as Json[])[0]?.['routes'] as Json[])[0] as Json;
    expect(first['match']).toEqual({ prefix: '/' });
    expect(routesOf(resource(snapshot, 'route', egressRouteConfigName('http', 9090)))[0]).toEqual({ domains: ['front.svc', 'front.svc:9090'], routes: ['b'] });
  });

  it('serve every gRPC method on their port', () => {
    const events = routerMesh(
      { g1: { grpcRoute: { match: { port: 8080 }, action: to() } }, g2: { grpcRoute: { match: { port: 9090 }, action: to() } } },
      [
        [8080, 'grpc'],
        [9090, 'grpc'],
      ],
    );
    const snapshot = nodeSnapshot(events, 'web');
    const vh = (resource(snapshot, 'route', egressRouteConfigName('http', 9090))['virtualHosts'] as Json[])[0] as Json;
    expect((vh['routes'] as Json[]).map((r) => [r['name'], r['match']])).toEqual([['g2', { prefix: '/', grpc: {} }]]);
  });
});
