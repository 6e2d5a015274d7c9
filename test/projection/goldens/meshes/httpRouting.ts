// Golden mesh `http-routing`: a caller reaching a two-listener virtual router
// whose HTTP routes use every match form (path exact/regex/prefix, headers of
// every kind, method, scheme, query, port), priorities, retry policies (and
// App Mesh's default when a route has none), timeouts and weighted targets
// with ports. The log also updates one route and deletes another, so the
// golden shows the folded state, not the history.
import type { RouteSpec, VirtualNodeSpec, VirtualRouterSpec } from '../../../../core/model/appMeshTypes.js';
import { meshLog } from '../../../../core/projection/compile/meshLog.testSupport.js';

const seconds = (value: number) => ({ unit: 's', value }) as const;
const millis = (value: number) => ({ unit: 'ms', value }) as const;

const catalogNode = (hostname: string, ports: number[]): VirtualNodeSpec => ({
  listeners: ports.map((port) => ({ portMapping: { port, protocol: 'http' } })),
  serviceDiscovery: { dns: { hostname } },
});

const router: VirtualRouterSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 9080, protocol: 'http' } }],
};

/** Every header match kind, method, scheme and query parameters; all four HTTP retry events plus TCP's. */
const byHeaders: RouteSpec = {
  priority: 1,
  httpRoute: {
    match: {
      prefix: '/',
      port: 8080,
      method: 'POST',
      scheme: 'https',
      headers: [
        { name: 'x-tenant', match: { exact: 'acme' } },
        { name: 'x-region', match: { prefix: 'eu-' } },
        { name: 'x-client', match: { suffix: '-mobile' } },
        { name: 'x-build', match: { regex: '[0-9a-f]{7}' } },
        { name: 'x-api-version', match: { range: { start: 2, end: 5 } } },
        { name: 'x-debug' },
        { name: 'x-legacy', match: { exact: 'true' }, invert: true },
      ],
      queryParameters: [{ name: 'lang', match: { exact: 'en' } }, { name: 'preview' }],
    },
    action: { weightedTargets: [{ virtualNode: 'catalog-v1', weight: 80, port: 8080 }, { virtualNode: 'catalog-v2', weight: 20, port: 8080 }] },
    retryPolicy: {
      maxRetries: 3,
      perRetryTimeout: millis(250),
      httpRetryEvents: ['server-error', 'gateway-error', 'client-error', 'stream-error'],
      tcpRetryEvents: ['connection-error'],
    },
    timeout: { perRequest: seconds(5), idle: seconds(30) },
  },
};

/** An exact path, no retry policy (App Mesh's default applies) and no timeout (15 s). */
const featured = (target: string): RouteSpec => ({
  priority: 2,
  httpRoute: { match: { path: { exact: '/featured' }, port: 8080 }, action: { weightedTargets: [{ virtualNode: target, weight: 1, port: 8080 }] } },
});

/** A regex path with a zero-weight canary; a zero per-request timeout switches the timeout off. */
const items: RouteSpec = {
  priority: 3,
  httpRoute: {
    match: { path: { regex: '/items/[0-9]+' }, method: 'GET', port: 8080 },
    action: { weightedTargets: [{ virtualNode: 'catalog-v1', weight: 100 }, { virtualNode: 'catalog-v2', weight: 0, port: 8080 }] },
    retryPolicy: { maxRetries: 0, perRetryTimeout: seconds(1), httpRetryEvents: ['server-error'] },
    timeout: { perRequest: seconds(0), idle: millis(1500) },
  },
};

/** The router's second port; a target on the node's second listener; TCP retry events only. */
const legacy: RouteSpec = {
  httpRoute: {
    match: { prefix: '/legacy/', port: 9080 },
    action: { weightedTargets: [{ virtualNode: 'catalog-v2', weight: 1, port: 9080 }] },
    retryPolicy: { maxRetries: 1, perRetryTimeout: seconds(2), tcpRetryEvents: ['connection-error'] },
  },
};

/** Lowest priority catch-all; the target names no port, so the node's only listener is used. */
const fallback: RouteSpec = {
  priority: 1000,
  httpRoute: { match: { prefix: '/', port: 8080 }, action: { weightedTargets: [{ virtualNode: 'catalog-v1', weight: 1 }] } },
};

const frontend: VirtualNodeSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' }, timeout: { http: { perRequest: seconds(10), idle: seconds(60) } } }],
  serviceDiscovery: { dns: { hostname: 'frontend.http-routing.local' } },
  backends: [{ virtualService: { virtualServiceName: 'catalog.http-routing.local' } }],
};

const log = meshLog('http-routing');

export const meshes = [
  {
    name: 'http-routing',
    events: [
      log.mesh(),
      log.created('virtualNode', 'catalog-v1', catalogNode('catalog-v1.http-routing.local', [8080])),
      log.created('virtualNode', 'catalog-v2', catalogNode('catalog-v2.http-routing.local', [8080, 9080])),
      log.created('virtualRouter', 'catalog', router),
      log.created('route', 'by-headers', byHeaders, 'catalog'),
      log.created('route', 'featured', featured('catalog-v1'), 'catalog'),
      log.created('route', 'items', items, 'catalog'),
      log.created('route', 'legacy', legacy, 'catalog'),
      log.created('route', 'fallback', fallback, 'catalog'),
      log.created('route', 'retired', { priority: 4, httpRoute: { match: { prefix: '/old/', port: 8080 }, action: { weightedTargets: [{ virtualNode: 'catalog-v1', weight: 1 }] } } }, 'catalog'),
      log.created('virtualService', 'catalog.http-routing.local', { provider: { virtualRouter: { virtualRouterName: 'catalog' } } }),
      log.created('virtualNode', 'frontend', frontend),
      log.updated('route', 'featured', featured('catalog-v2'), 'catalog'),
      log.deleted('route', 'retired', {}, 'catalog'),
    ],
  },
];
