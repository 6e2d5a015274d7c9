// Hand-written checks of the values App Mesh's management server sent its
// Envoys (reference/appmesh-envoy.md section 4, from real config dumps), so
// that regenerating the goldens can never silently drop one. Every snapshot
// here is also consistent, survives Envoy's protos and passes the validator.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../domain/events.js';
import type { Snapshot } from '../snapshot.js';
import { consistencyIssues } from '../snapshot.js';
import { validateSnapshot } from '../validate/validateSnapshot.js';
import { dnsNode, meshLog, snapshotOf } from './meshLog.testSupport.js';
import { callerSnapshot, filterChains, firstFilterConfig, ownSnapshot, resource } from './nodeSnapshot.testSupport.js';
import { roundTripDifferences } from './protoRoundTrip.testSupport.js';

type Json = Record<string, unknown>;

const unlimited = { value: 2147483647 };
const unlimitedThresholds = { thresholds: [{ maxConnections: unlimited, maxPendingRequests: unlimited, maxRequests: unlimited, maxRetries: unlimited }] };
const aggregateStats = (tags: object[]) => ({ filterMetadata: { 'aws.appmesh.aggregate_stats': { fields: { config: { stringValue: JSON.stringify({ tags }) } } } } });

/** The typed configs of every network filter of every listener (API listeners' connection managers included). */
function networkFilters(snapshot: Snapshot): Json[] {
  return snapshot.resources.listener.flatMap((l) => {
    if (l['apiListener']) return [(l['apiListener'] as Json)['apiListener'] as Json];
    const chains = [...((l['filterChains'] as Json[] | undefined) ?? []), ...(l['defaultFilterChain'] ? [l['defaultFilterChain'] as Json] : [])];
    return chains.flatMap((c) => (c['filters'] as Json[]).map((f) => f['typedConfig'] as Json));
  });
}
const connectionManagers = (snapshot: Snapshot) => networkFilters(snapshot).filter((f) => String(f['@type']).endsWith('HttpConnectionManager'));

function publishable(snapshot: Snapshot): Snapshot {
  expect(consistencyIssues(snapshot)).toEqual([]);
  expect(roundTripDifferences(snapshot)).toEqual([]);
  expect(validateSnapshot(snapshot)).toEqual([]);
  return snapshot;
}

/** Node `api` with an http and a tcp listener, called by `web`; the mesh lets everything else out. */
const caller = () =>
  publishable(
    callerSnapshot(
      { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 5432, protocol: 'tcp' } }], serviceDiscovery: { dns: { hostname: 'api.local' } } },
      { egressFilter: { type: 'ALLOW_ALL' } },
    ),
  );

/** Gateway `gw` in front of `web.local`; the gateway spec and gateway routes are the test's. */
function gateway(spec: object, routes: (log: ReturnType<typeof meshLog>) => StoredEvent[]): Snapshot {
  const log = meshLog();
  const events = [
    log.mesh(),
    log.created('virtualNode', 'web', dnsNode('web.local')),
    log.created('virtualService', 'web.local', { provider: { virtualNode: { virtualNodeName: 'web' } } }),
    log.created('virtualGateway', 'gw', spec),
    ...routes(log),
  ];
  return publishable(snapshotOf(events, 'virtualGateway/gw'));
}
const toWeb = (extra: object = {}) => ({ httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'web.local' } }, ...extra } } });

describe("App Mesh's Envoy config", () => {
  it('puts each ingress listener’s stats under ingress.<protocol>.<port>, and egress under egress', () => {
    const own = publishable(ownSnapshot({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 9090, protocol: 'grpc' } }, { portMapping: { port: 5432, protocol: 'tcp' } }] }));
    expect(filterChains(own, 'lds_ingress_0.0.0.0_15000').map((c) => firstFilterConfig(c)['statPrefix'])).toEqual(['ingress.http.8080', 'ingress.grpc.9090', 'ingress.tcp.5432']);
    const web = caller();
    expect(new Set(filterChains(web, 'lds_egress_0.0.0.0_15001').map((c) => firstFilterConfig(c)['statPrefix']))).toEqual(new Set(['egress']));
  });

  it('sets websocket upgrades, path normalisation, merged slashes and a tracing block on every HTTP connection manager', () => {
    const gw = gateway({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, (log) => [log.created('gatewayRoute', 'web', toWeb(), 'gw')]);
    const own = publishable(ownSnapshot(dnsNode('api.local')));
    const managers = [...connectionManagers(caller()), ...connectionManagers(own), ...connectionManagers(gw)];
    expect(managers.length).toBeGreaterThanOrEqual(5);
    for (const hcm of managers) {
      expect(hcm).toMatchObject({
        tracing: {},
        upgradeConfigs: [{ upgradeType: 'websocket', enabled: { value: true } }],
        normalizePath: { value: true },
        mergeSlashes: true,
        pathWithEscapedSlashesAction: 'KEEP_UNCHANGED',
      });
    }
  });

  it('marks listeners INBOUND or OUTBOUND and tags them with empty aggregate_stats', () => {
    const web = caller();
    const gw = gateway({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, (log) => [log.created('gatewayRoute', 'web', toWeb(), 'gw')]);
    const direction = (s: Snapshot) => Object.fromEntries(s.resources.listener.filter((l) => !l['apiListener']).map((l) => [l['name'], [l['trafficDirection'], l['metadata']]]));
    expect(direction(web)).toEqual({ 'lds_egress_0.0.0.0_15001': ['OUTBOUND', aggregateStats([])] });
    expect(direction(publishable(ownSnapshot(dnsNode('api.local'))))).toEqual({ 'lds_ingress_0.0.0.0_15000': ['INBOUND', aggregateStats([])], 'lds_egress_0.0.0.0_15001': ['OUTBOUND', aggregateStats([])] });
    expect(direction(gw)).toEqual({ 'lds_ingress_0.0.0.0_8080': ['INBOUND', aggregateStats([])], 'lds_egress_127.0.0.1_15001': ['OUTBOUND', aggregateStats([])] });
  });

  it('tags egress clusters with their target virtual node and egress routes with their target virtual service', () => {
    const web = caller();
    expect(resource(web, 'cluster', 'cds_egress_demo_api_http_8080')['metadata']).toEqual(aggregateStats([{ key: 'TargetVirtualNode', value: 'api' }]));
    const [host] = resource(web, 'route', 'rds_egress_http_8080')['virtualHosts'] as Json[];
    for (const route of host?.['routes'] as Json[]) expect(route['metadata']).toEqual(aggregateStats([{ key: 'TargetVirtualService', value: 'api.svc' }]));
  });

  it('gives the amazonaws and mesh-allow-all clusters circuit breakers of 2147483647, like every other cluster', () => {
    const web = caller();
    for (const name of ['cds_egress_demo_amazonaws', 'cds_egress_demo_mesh-allow-all', 'cds_egress_demo_api_http_8080', 'cds_egress_demo_api_tcp_5432']) {
      expect(resource(web, 'cluster', name)['circuitBreakers'], name).toEqual(unlimitedThresholds);
    }
  });

  it('drops a deregistered Cloud Map instance at once (ignore_health_on_host_removal, v2 drain_connections_on_host_removal), not a DNS host', () => {
    const cloudMap = publishable(callerSnapshot({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { awsCloudMap: { namespaceName: 'ns', serviceName: 'api' } } }));
    expect(resource(cloudMap, 'cluster', 'cds_egress_demo_api_http_8080')).toMatchObject({ type: 'EDS', ignoreHealthOnHostRemoval: true });
    expect(resource(caller(), 'cluster', 'cds_egress_demo_api_http_8080')).not.toHaveProperty('ignoreHealthOnHostRemoval');
  });

  it("sends the user's retry events as status-code lists plus reset, not Envoy's 5xx / gateway-error shorthands", () => {
    const routed = (retryPolicy: object) => {
      const log = meshLog();
      const events = [
        log.mesh(),
        log.created('virtualNode', 'api', dnsNode('api.local')),
        log.created('virtualRouter', 'r', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
        log.created('route', 'all', { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'api', weight: 1 }] }, retryPolicy } }, 'r'),
        log.created('virtualService', 'api.svc', { provider: { virtualRouter: { virtualRouterName: 'r' } } }),
        log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'api.svc' } }] }),
      ];
      const snapshot = publishable(snapshotOf(events, 'virtualNode/web'));
      const [host] = resource(snapshot, 'route', 'rds_egress_http_8080')['virtualHosts'] as Json[];
      return ((host?.['routes'] as Json[])[0]?.['route'] as Json)['retryPolicy'] as Json;
    };
    const perRetryTimeout = { value: 5, unit: 's' };
    expect(routed({ maxRetries: 1, perRetryTimeout, httpRetryEvents: ['gateway-error', 'client-error', 'stream-error'], tcpRetryEvents: ['connection-error'] })).toMatchObject({
      retryOn: 'reset,refused-stream,retriable-status-codes',
      retriableStatusCodes: [502, 503, 504, 409],
      numRetries: { value: 1 },
      perTryTimeout: { seconds: 5 },
    });
    expect(routed({ maxRetries: 2, perRetryTimeout, httpRetryEvents: ['server-error'] })).toMatchObject({
      retryOn: 'retriable-status-codes',
      retriableStatusCodes: [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
    });
  });

  it('sends a virtual gateway in two hops: listener, self-redirect cluster with the connection pool, loopback egress listener, egress routes', () => {
    const gw = gateway(
      { listeners: [{ portMapping: { port: 8080, protocol: 'http' }, connectionPool: { http: { maxConnections: 100, maxPendingRequests: 20 } } }] },
      (log) => [log.created('gatewayRoute', 'web', toWeb(), 'gw')],
    );
    const selfRedirect = 'cds_ingress_demo_gw_self_redirect_http_15001';
    expect(resource(gw, 'cluster', selfRedirect)).toEqual({
      name: selfRedirect,
      type: 'STATIC',
      connectTimeout: { nanos: 250_000_000 },
      loadAssignment: { clusterName: selfRedirect, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: 15001 } } } }] }] },
      circuitBreakers: { thresholds: [{ maxConnections: { value: 100 }, maxPendingRequests: { value: 20 }, maxRequests: unlimited, maxRetries: unlimited }] },
    });
    expect(resource(gw, 'cluster', 'cds_egress_demo_web_http_8080')['circuitBreakers']).toEqual(unlimitedThresholds);
    expect(firstFilterConfig(filterChains(gw, 'lds_ingress_0.0.0.0_8080')[0] ?? {})).toMatchObject({ statPrefix: 'ingress.http.8080', rds: { routeConfigName: 'rds_ingress_http_8080' } });
    const [first] = (resource(gw, 'route', 'rds_ingress_http_8080')['virtualHosts'] as Json[])[0]?.['routes'] as Json[];
    expect(first?.['route']).toMatchObject({ cluster: selfRedirect, hostRewriteLiteral: 'web.local' });
    const egress = resource(gw, 'listener', 'lds_egress_127.0.0.1_15001');
    expect(egress['address']).toEqual({ socketAddress: { address: '127.0.0.1', portValue: 15001 } });
    expect(firstFilterConfig((egress['filterChains'] as Json[])[0] ?? {})).toMatchObject({ statPrefix: 'egress', rds: { routeConfigName: 'rds_egress_http_15001' } });
    const hosts = resource(gw, 'route', 'rds_egress_http_15001')['virtualHosts'] as Json[];
    expect(hosts.map((h) => [h['name'], h['domains']])).toEqual([['web.local', ['web.local', 'web.local:15001']]]);
  });

  it('gives each listener of a gateway with several its own self-redirect cluster, named with the listener port, one limit per listener', () => {
    const gw = gateway(
      {
        listeners: [
          { portMapping: { port: 8080, protocol: 'http' }, connectionPool: { http: { maxConnections: 10 } } },
          { portMapping: { port: 8443, protocol: 'http2' }, connectionPool: { http2: { maxRequests: 30 } } },
        ],
      },
      (log) => [log.created('gatewayRoute', 'web', toWeb(), 'gw'), log.created('gatewayRoute', 'web2', { http2Route: toWeb().httpRoute }, 'gw')],
    );
    const limits = (name: string) => ((resource(gw, 'cluster', name)['circuitBreakers'] as Json)['thresholds'] as Json[])[0];
    expect(limits('cds_ingress_demo_gw_self_redirect_8080_http_15001')).toMatchObject({ maxConnections: { value: 10 }, maxRequests: unlimited });
    expect(limits('cds_ingress_demo_gw_self_redirect_8443_http2_15001')).toMatchObject({ maxConnections: unlimited, maxRequests: { value: 30 } });
    // The HTTP/2 listener's hop speaks HTTP/2 to the egress listener.
    expect(JSON.stringify(resource(gw, 'cluster', 'cds_ingress_demo_gw_self_redirect_8443_http2_15001'))).toContain('http2ProtocolOptions');
  });

  it("tells the second hop the service by App Mesh's x-app-mesh-virtual-service header when the gateway route keeps the client's Host", () => {
    const gw = gateway({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, (log) => [log.created('gatewayRoute', 'keep', toWeb({ rewrite: { hostname: { defaultTargetHostname: 'DISABLED' } } }), 'gw')]);
    const [first] = (resource(gw, 'route', 'rds_ingress_http_8080')['virtualHosts'] as Json[])[0]?.['routes'] as Json[];
    expect(first?.['route']).not.toHaveProperty('hostRewriteLiteral');
    expect(first?.['requestHeadersToAdd']).toEqual([{ header: { key: 'x-app-mesh-virtual-service', value: 'web.local' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }]);
    const [backend] = resource(gw, 'route', 'rds_egress_http_15001')['virtualHosts'] as Json[];
    expect(backend).toMatchObject({ name: 'default_backend', domains: ['*'] });
    expect((backend?.['routes'] as Json[])[0]).toMatchObject({
      match: { headers: [{ name: 'x-app-mesh-virtual-service', stringMatch: { exact: 'web.local' } }] },
      requestHeadersToRemove: ['x-app-mesh-virtual-service'],
    });
  });
});
