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

/** The routes Envoy tries for a host on the listener's route configuration (of a snapshot that is consistent and encodes). */
function routesFor(events: StoredEvent[], domain = '*', routeConfig = 'rds_ingress_http_8080'): Json[] {
  const snapshot = snapshotOf(events, 'virtualGateway/gw');
  expect(consistencyIssues(snapshot)).toEqual([]);
  expect(roundTripDifferences(snapshot)).toEqual([]);
  const hosts = resourceOf(snapshot, 'route', routeConfig)['virtualHosts'] as Json[];
  return (hosts.find((h) => (h['domains'] as string[]).includes(domain))?.['routes'] ?? []) as Json[];
}

describe('gateway routes', () => {
  it('send a node-provided service to its cluster with App Mesh defaults, Host and prefix rewritten', () => {
    const [route] = routesFor(mesh((log) => [log.created('gatewayRoute', 'web', http('web.local', { prefix: '/web/' }), 'gw')]));
    expect(route).toEqual({
      name: 'web/web.local-implicit',
      match: { prefix: '/web/' },
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
        regexRewrite: { pattern: { regex: '^/web/' }, substitution: '/' },
        hostRewriteLiteral: 'web.local',
      },
    });
  });

  it("rewrite only the gateway's own prefix when a router route extends it, keeping the rest of the path", () => {
    const routes = routesFor(mesh((log) => [log.created('gatewayRoute', 'colors', http('color.local', { prefix: '/colors/' }), 'gw')]));
    const tell = routes.find((r) => r['name'] === 'colors/tell');
    // /colors/tell/x must reach the service as /tell/x, not as / plus what follows the combined match.
    expect(tell?.['match']).toEqual({ prefix: '/colors/tell' });
    expect((tell?.['route'] as Json)['regexRewrite']).toEqual({ pattern: { regex: '^/colors/' }, substitution: '/' });
  });

  it("expand a router-provided service into the router's routes, weights carried through", () => {
    const routes = routesFor(mesh((log) => [log.created('gatewayRoute', 'color', http('color.local', { prefix: '/color' }), 'gw')]));
    expect(routes.map((r) => [r['name'], r['match']])).toEqual([
      ['color/tell', { prefix: '/color/tell' }],
      ['color/rest', { prefix: '/color' }],
    ]);
    expect((routes[0]?.['route'] as Json)['weightedClusters']).toEqual({
      clusters: [
        { name: 'cds_egress_demo_red_http_8080', weight: { value: 3 } },
        { name: 'cds_egress_demo_blue_http_8080', weight: { value: 1 } },
      ],
    });
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
    expect(routes.map((r) => String(r['name']).split('/')[0])).toEqual(['d-first', 'c-second', 'b-chapter', 'a-root', 'e-root']);
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
    const names = (domain: string) => routesFor(events, domain).map((r) => String(r['name']).split('/')[0]);
    expect(names('www.example.com')).toEqual(['www', 'wild', 'any', 'any']);
    expect(names('*.example.com')).toEqual(['wild', 'any', 'any']);
    expect(names('*')).toEqual(['any', 'any']);
  });

  it('keep Host and path when both rewrites are DISABLED, and rewrite to a given path', () => {
    const routes = routesFor(
      mesh((log) => [
        log.created('gatewayRoute', 'keep', { httpRoute: { match: { prefix: '/keep/' }, action: { target: { virtualService: { virtualServiceName: 'web.local' } }, rewrite: { hostname: { defaultTargetHostname: 'DISABLED' }, prefix: { defaultPrefix: 'DISABLED' } } } } }, 'gw'),
        log.created('gatewayRoute', 'moved', { httpRoute: { match: { path: { exact: '/old' } }, action: { target: { virtualService: { virtualServiceName: 'web.local' } }, rewrite: { path: { exact: '/new' } } } } }, 'gw'),
      ]),
    );
    const action = (name: string) => routes.find((r) => String(r['name']).startsWith(`${name}/`))?.['route'] as Json;
    expect(action('keep')).not.toHaveProperty('hostRewriteLiteral');
    expect(action('keep')).not.toHaveProperty('prefixRewrite');
    expect(action('keep')).not.toHaveProperty('regexRewrite');
    expect(action('moved')).toMatchObject({ regexRewrite: { pattern: { regex: '^.*$' }, substitution: '/new' }, hostRewriteLiteral: 'web.local' });
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
    expect(route?.['route']).toMatchObject({ weightedClusters: { clusters: [{ name: 'cds_egress_demo_api_grpc_50051' }] }, hostRewriteLiteral: 'api.local' });
  });

  it('serve the listener whose port they match when the gateway has several', () => {
    const events = mesh(
      (log) => [
        log.created('gatewayRoute', 'only-81', http('web.local', { prefix: '/', port: 8081 }), 'gw'),
        log.created('gatewayRoute', 'both', http('web.local', { prefix: '/both/' }), 'gw'),
      ],
      [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 8081, protocol: 'http' } }],
    );
    const names = (rc: string) => routesFor(events, '*', rc).map((r) => String(r['name']).split('/')[0]);
    expect(names('rds_ingress_http_8080')).toEqual(['both']);
    expect(names('rds_ingress_http_8081')).toEqual(['both', 'only-81']);
  });

  it('route nowhere for a target service that does not exist', () => {
    const snapshot = snapshotOf(mesh((log) => [log.created('gatewayRoute', 'lost', http('nowhere.local', { prefix: '/' }), 'gw')]), 'virtualGateway/gw');
    expect(resourceOf(snapshot, 'route', 'rds_ingress_http_8080')).toEqual({ name: 'rds_ingress_http_8080' });
    expect(snapshot.resources.cluster).toEqual([]);
  });
});
