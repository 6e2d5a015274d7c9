import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../domain/events.js';
import { consistencyIssues } from '../snapshot.js';
import { dnsNode, meshLog, resourceOf, snapshotOf } from './meshLog.testSupport.js';
import { roundTripDifferences } from './protoRoundTrip.testSupport.js';

type Json = Record<string, unknown>;

/** A mesh with a node-provided `web.local`, a router-provided `color.local` and gateway `gw` on http 8080. */
function mesh(gatewayRoutes: (log: ReturnType<typeof meshLog>) => StoredEvent[], gatewayListeners: object[] = [{ portMapping: { port: 8080, protocol: 'http' } }]) {
  const log = meshLog();
  return [
    log.mesh(),
    log.created('virtualNode', 'web', dnsNode('web.local')),
    log.created('virtualService', 'web.local', { provider: { virtualNode: { virtualNodeName: 'web' } } }),
    log.created('virtualNode', 'red', dnsNode('red.local')),
    log.created('virtualNode', 'blue', dnsNode('blue.local')),
    log.created('virtualRouter', 'color', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
    log.created('route', 'tell', { priority: 1, httpRoute: { match: { prefix: '/tell' }, action: { weightedTargets: [{ virtualNode: 'red', weight: 3 }, { virtualNode: 'blue', weight: 1 }] } } }, 'color'),
    log.created('route', 'rest', { priority: 2, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'blue', weight: 1 }] } } }, 'color'),
    log.created('virtualService', 'color.local', { provider: { virtualRouter: { virtualRouterName: 'color' } } }),
    log.created('virtualGateway', 'gw', { listeners: gatewayListeners }),
    ...gatewayRoutes(log),
  ];
}

const http = (service: string, match: object, extra: object = {}) => ({ httpRoute: { match, action: { target: { virtualService: { virtualServiceName: service } } } }, ...extra });

/** The routes Envoy tries for a host on a route configuration (of a snapshot that is consistent and encodes): the first hop by default. */
function routesFor(events: StoredEvent[], domain = '*', routeConfig = 'rds_ingress_http_8080'): Json[] {
  const snapshot = snapshotOf(events, 'virtualGateway/gw');
  expect(consistencyIssues(snapshot)).toEqual([]);
  expect(roundTripDifferences(snapshot)).toEqual([]);
  const hosts = resourceOf(snapshot, 'route', routeConfig)['virtualHosts'] as Json[];
  return (hosts.find((h) => (h['domains'] as string[]).includes(domain))?.['routes'] ?? []) as Json[];
}

/** The second hop's routes for a request whose Host is `service`. */
const secondHop = (events: StoredEvent[], service: string) => routesFor(events, service, 'rds_egress_http_15001');

const selfRedirect = 'cds_ingress_demo_gw_self_redirect_http_15001';

describe('gateway routes', () => {
  it('send a node-provided service through the self-redirect cluster with Host and prefix rewritten, App Mesh defaults on the second hop', () => {
    const events = mesh((log) => [log.created('gatewayRoute', 'web', http('web.local', { prefix: '/web/' }), 'gw')]);
    expect(routesFor(events)).toEqual([
      {
        name: 'web',
        match: { prefix: '/web/' },
        route: { cluster: selfRedirect, timeout: { seconds: 15 }, regexRewrite: { pattern: { regex: '^/web/' }, substitution: '/' }, hostRewriteLiteral: 'web.local' },
      },
    ]);
    expect(secondHop(events, 'web.local')).toEqual([
      {
        name: 'web.local-implicit',
        match: { prefix: '/' },
        route: {
          weightedClusters: { clusters: [{ name: 'cds_egress_demo_web_http_8080', weight: { value: 1 } }] },
          timeout: { seconds: 15 },
          retryPolicy: {
            retryOn: 'connect-failure,refused-stream,reset,retriable-status-codes,unavailable',
            retriableStatusCodes: [503],
            numRetries: { value: 2 },
            retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' } }],
            hostSelectionRetryMaxAttempts: 5,
          },
        },
        metadata: { filterMetadata: { 'aws.appmesh.aggregate_stats': { fields: { config: { stringValue: '{"tags":[{"key":"TargetVirtualService","value":"web.local"}]}' } } } } },
      },
    ]);
  });

  it("rewrite only the gateway's own prefix, and leave the router's routes, weights and all, to the second hop on the rewritten path", () => {
    const events = mesh((log) => [log.created('gatewayRoute', 'colors', http('color.local', { prefix: '/colors' }), 'gw')]);
    const [first] = routesFor(events);
    // /colors/tell/x reaches the router as /tell/x.
    expect(first?.['match']).toEqual({ prefix: '/colors' });
    expect((first?.['route'] as Json)['regexRewrite']).toEqual({ pattern: { regex: '^/colors/?' }, substitution: '/' });
    const routes = secondHop(events, 'color.local');
    expect(routes.map((r) => [r['name'], r['match']])).toEqual([
      ['tell', { prefix: '/tell' }],
      ['rest', { prefix: '/' }],
    ]);
    expect((routes[0]?.['route'] as Json)['weightedClusters']).toEqual({
      clusters: [
        { name: 'cds_egress_demo_red_http_8080', weight: { value: 3 } },
        { name: 'cds_egress_demo_blue_http_8080', weight: { value: 1 } },
      ],
    });
  });

  it("give the first hop the longest timeouts of the target's routes, so it never ends a request the second hop allows", () => {
    const events = mesh((log) => [
      log.created('route', 'slow', { priority: 0, httpRoute: { match: { prefix: '/slow' }, action: { weightedTargets: [{ virtualNode: 'red', weight: 1 }] }, timeout: { perRequest: { value: 60, unit: 's' }, idle: { value: 600, unit: 's' } } } }, 'color'),
      log.created('gatewayRoute', 'colors', http('color.local', { prefix: '/' }), 'gw'),
    ]);
    expect(routesFor(events)[0]?.['route']).toMatchObject({ timeout: { seconds: 60 }, idleTimeout: { seconds: 600 } });
  });

  it('are tried by priority, unset last, then longer prefix first, then by name', () => {
    const routes = routesFor(
      mesh((log) => [
        log.created('gatewayRoute', 'a-root', http('web.local', { prefix: '/' }), 'gw'),
        log.created('gatewayRoute', 'b-chapter', http('web.local', { prefix: '/chapter' }), 'gw'),
        log.created('gatewayRoute', 'c-second', http('web.local', { prefix: '/x' }, { priority: 2 }), 'gw'),
        log.created('gatewayRoute', 'd-first', http('web.local', { prefix: '/y' }, { priority: 1 }), 'gw'),
        log.created('gatewayRoute', 'e-root', http('web.local', { prefix: '/' }), 'gw'),
      ]),
    );
    expect(routes.map((r) => r['name'])).toEqual(['d-first', 'c-second', 'b-chapter', 'a-root', 'e-root']);
  });

  it('match on exact and regex paths, headers, query parameters and method', () => {
    const routes = routesFor(
      mesh((log) => [
        log.created('gatewayRoute', 'exact', http('web.local', { path: { exact: '/status' }, method: 'GET' }), 'gw'),
        log.created('gatewayRoute', 'regex', http('web.local', { path: { regex: '/v[0-9]+/.*' }, headers: [{ name: 'x-team', match: { suffix: '-ops' }, invert: true }, { name: 'x-v', match: { range: { start: 1, end: 3 } } }] }), 'gw'),
        log.created('gatewayRoute', 'query', http('web.local', { prefix: '/q/', queryParameters: [{ name: 'color', match: { exact: 'red' } }, { name: 'debug' }] }), 'gw'),
      ]),
    );
    expect(routes.map((r) => r['match'])).toEqual([
      { path: '/status', headers: [{ name: ':method', stringMatch: { exact: 'GET' } }] },
      { safeRegex: { regex: '/v[0-9]+/.*' }, headers: [{ name: 'x-team', stringMatch: { suffix: '-ops' }, invertMatch: true }, { name: 'x-v', rangeMatch: { start: 1, end: 3 } }] },
      { prefix: '/q/', queryParameters: [{ name: 'color', stringMatch: { exact: 'red' } }, { name: 'debug', presentMatch: true }] },
    ]);
  });

  it('group hostname matches into virtual hosts, routes without hostname in every one', () => {
    const events = mesh((log) => [
      log.created('gatewayRoute', 'www', http('web.local', { prefix: '/', hostname: { exact: 'www.example.com' } }, { priority: 1 }), 'gw'),
      log.created('gatewayRoute', 'wild', http('web.local', { prefix: '/', hostname: { suffix: '.example.com' } }, { priority: 2 }), 'gw'),
      log.created('gatewayRoute', 'any', http('color.local', { prefix: '/' }, { priority: 3 }), 'gw'),
    ]);
    const names = (domain: string) => routesFor(events, domain).map((r) => r['name']);
    expect(names('www.example.com')).toEqual(['www', 'wild', 'any']);
    expect(names('*.example.com')).toEqual(['wild', 'any']);
    expect(names('*')).toEqual(['any']);
  });

  it("keep Host and path when both rewrites are DISABLED, telling the second hop the service by App Mesh's header, and rewrite to a given path", () => {
    const events = mesh((log) => [
      log.created('gatewayRoute', 'keep', { httpRoute: { match: { prefix: '/keep/' }, action: { target: { virtualService: { virtualServiceName: 'web.local' } }, rewrite: { hostname: { defaultTargetHostname: 'DISABLED' }, prefix: { defaultPrefix: 'DISABLED' } } } } }, 'gw'),
      log.created('gatewayRoute', 'moved', { httpRoute: { match: { path: { exact: '/old' } }, action: { target: { virtualService: { virtualServiceName: 'web.local' } }, rewrite: { path: { exact: '/new' } } } } }, 'gw'),
    ]);
    const routes = routesFor(events);
    const named = (name: string) => routes.find((r) => r['name'] === name) ?? {};
    expect(named('keep')['route']).toEqual({ cluster: selfRedirect, timeout: { seconds: 15 } });
    expect(named('keep')['requestHeadersToAdd']).toEqual([{ header: { key: 'x-app-mesh-virtual-service', value: 'web.local' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }]);
    expect(named('moved')['route']).toMatchObject({ regexRewrite: { pattern: { regex: '^.*$' }, substitution: '/new' }, hostRewriteLiteral: 'web.local' });
    expect(named('moved')).not.toHaveProperty('requestHeadersToAdd');
    const [byHeader] = routesFor(events, '*', 'rds_egress_http_15001');
    expect(byHeader).toMatchObject({
      match: { prefix: '/', headers: [{ name: 'x-app-mesh-virtual-service', stringMatch: { exact: 'web.local' } }] },
      route: { weightedClusters: { clusters: [{ name: 'cds_egress_demo_web_http_8080' }] } },
      requestHeadersToRemove: ['x-app-mesh-virtual-service'],
    });
  });

  it("tell a target port other than the service's first by header, since one Host names one port", () => {
    const events = mesh((log) => [
      log.updated('virtualNode', 'web', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 8443, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'web.local' } } }),
      log.created('gatewayRoute', 'admin', { httpRoute: { match: { prefix: '/admin' }, action: { target: { virtualService: { virtualServiceName: 'web.local' }, port: 8443 } } } }, 'gw'),
      log.created('gatewayRoute', 'web', http('web.local', { prefix: '/' }), 'gw'),
    ]);
    expect(routesFor(events).map((r) => [r['name'], r['requestHeadersToAdd']])).toEqual([
      ['admin', [{ header: { key: 'x-app-mesh-virtual-service', value: 'web.local:8443' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }]],
      ['web', undefined],
    ]);
    expect(((secondHop(events, 'web.local')[0]?.['route'] as Json)['weightedClusters'] as Json)['clusters']).toEqual([{ name: 'cds_egress_demo_web_http_8080', weight: { value: 1 } }]);
    expect(((routesFor(events, '*', 'rds_egress_http_15001')[0]?.['route'] as Json)['weightedClusters'] as Json)['clusters']).toEqual([{ name: 'cds_egress_demo_web_http_8443', weight: { value: 1 } }]);
  });

  it('compile gRPC routes: service name, metadata and hostname, Host rewritten to the service', () => {
    const events = mesh(
      (log) => [
        log.created('virtualNode', 'api', dnsNode('api.local', 50051, 'grpc')),
        log.created('virtualService', 'api.local', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
        log.created('gatewayRoute', 'rpc', { grpcRoute: { match: { serviceName: 'shop.Cart', hostname: { exact: 'api.example.com' }, metadata: [{ name: 'x-tenant', match: { prefix: 'acme' } }] }, action: { target: { virtualService: { virtualServiceName: 'api.local' } } } } }, 'gw'),
      ],
      [{ portMapping: { port: 9090, protocol: 'grpc' } }],
    );
    const [route] = routesFor(events, 'api.example.com', 'rds_ingress_grpc_9090');
    expect(route?.['match']).toEqual({ prefix: '/shop.Cart/', headers: [{ name: 'x-tenant', stringMatch: { prefix: 'acme' } }], grpc: {} });
    expect(route?.['route']).toMatchObject({ cluster: 'cds_ingress_demo_gw_self_redirect_grpc_15001', hostRewriteLiteral: 'api.local' });
    expect(secondHop(events, 'api.local')[0]?.['route']).toMatchObject({ weightedClusters: { clusters: [{ name: 'cds_egress_demo_api_grpc_50051' }] } });
  });

  it('serve the listener whose port they match when the gateway has several, each through its own self-redirect cluster', () => {
    const events = mesh(
      (log) => [
        log.created('gatewayRoute', 'only-81', http('web.local', { prefix: '/', port: 8081 }), 'gw'),
        log.created('gatewayRoute', 'both', http('web.local', { prefix: '/both/' }), 'gw'),
      ],
      [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 8081, protocol: 'http' } }],
    );
    const names = (rc: string) => routesFor(events, '*', rc).map((r) => r['name']);
    expect(names('rds_ingress_http_8080')).toEqual(['both']);
    expect(names('rds_ingress_http_8081')).toEqual(['both', 'only-81']);
    expect((routesFor(events, '*', 'rds_ingress_http_8081')[0]?.['route'] as Json)['cluster']).toBe('cds_ingress_demo_gw_self_redirect_8081_http_15001');
  });

  it('route nowhere for a target service that does not exist', () => {
    const snapshot = snapshotOf(mesh((log) => [log.created('gatewayRoute', 'lost', http('nowhere.local', { prefix: '/' }), 'gw')]), 'virtualGateway/gw');
    expect(resourceOf(snapshot, 'route', 'rds_ingress_http_8080')).toEqual({ name: 'rds_ingress_http_8080' });
    expect(resourceOf(snapshot, 'route', 'rds_egress_http_15001')).toEqual({ name: 'rds_egress_http_15001' });
    expect(snapshot.resources.cluster.map((c) => c['name'])).toEqual([selfRedirect]);
  });
});
