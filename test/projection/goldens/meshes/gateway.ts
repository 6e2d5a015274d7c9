// Golden mesh `gateway`: a virtual gateway with four listeners (HTTP with an
// ACM certificate and mutual TLS, plain HTTP, HTTP/2 with TLS DISABLED, gRPC
// with PERMISSIVE SDS TLS; the two HTTP ones split gateway routes by port), a JSON access log and backendDefaults SDS TLS on one
// port. Listener health checks describe how the gateway itself is probed, so
// they land nowhere in its config (gatewayListeners.ts). Gateway routes match
// hostnames (exact and suffix), prefixes, exact and regex paths, headers,
// query parameters, methods and ports, in priority order; they target node-
// and router-provided services (with and without a port) and use every
// rewrite: prefix value, default prefix, default prefix disabled, exact path,
// and the target hostname on and off. A gRPC gateway route matches service
// and metadata.
import type { GatewayRouteSpec, RouteSpec, VirtualGatewaySpec, VirtualNodeSpec } from '../../../../core/model/appMeshTypes.js';
import { meshLog } from '../../../../core/projection/compile/meshLog.testSupport.js';

const seconds = (value: number) => ({ unit: 's', value }) as const;
const host = (name: string) => `${name}.gateway.local`;
const node = (name: string, port: number, protocol: 'http' | 'http2' | 'grpc'): VirtualNodeSpec => ({
  listeners: [{ portMapping: { port, protocol } }],
  serviceDiscovery: { dns: { hostname: host(name) } },
});
const healthCheck = (protocol: 'http' | 'http2' | 'grpc') => ({ protocol, path: '/ping', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 });

const edge: VirtualGatewaySpec = {
  listeners: [
    {
      portMapping: { port: 8443, protocol: 'http' },
      tls: {
        mode: 'STRICT',
        certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/edge' } },
        validation: { trust: { file: { certificateChain: '/certs/partners-ca.pem' } }, subjectAlternativeNames: { match: { exact: ['partner.example.com'] } } },
      },
      connectionPool: { http: { maxConnections: 200 } },
      healthCheck: healthCheck('http'),
    },
    {
      portMapping: { port: 8080, protocol: 'http2' },
      tls: { mode: 'DISABLED', certificate: { file: { certificateChain: '/certs/edge.pem', privateKey: '/certs/edge.key' } } },
      connectionPool: { http2: { maxRequests: 300 } },
      healthCheck: healthCheck('http2'),
    },
    { portMapping: { port: 8081, protocol: 'http' } },
    {
      portMapping: { port: 9443, protocol: 'grpc' },
      tls: { mode: 'PERMISSIVE', certificate: { sds: { secretName: 'spiffe://gateway/edge' } }, validation: { trust: { sds: { secretName: 'spiffe://gateway' } } } },
      connectionPool: { grpc: { maxRequests: 400 } },
      healthCheck: healthCheck('grpc'),
    },
  ],
  backendDefaults: {
    clientPolicy: {
      tls: {
        ports: [50051],
        certificate: { sds: { secretName: 'spiffe://gateway/edge' } },
        validation: { trust: { sds: { secretName: 'spiffe://gateway' } }, subjectAlternativeNames: { match: { exact: ['spiffe://gateway/rpc'] } } },
      },
    },
  },
  logging: { accessLog: { file: { path: '/dev/stdout', format: { json: [{ key: 'authority', value: '%REQ(:AUTHORITY)%' }, { key: 'code', value: '%RESPONSE_CODE%' }] } } } },
};

/** The router behind api.gateway.local: a header route, a prefix, an exact path and a weighted default. */
const apiRoutes: Record<string, RouteSpec> = {
  beta: { priority: 1, httpRoute: { match: { prefix: '/', headers: [{ name: 'x-beta', match: { exact: 'true' } }] }, action: { weightedTargets: [{ virtualNode: 'api-v2', weight: 1 }] } } },
  users: {
    priority: 2,
    httpRoute: {
      match: { prefix: '/users/' },
      action: { weightedTargets: [{ virtualNode: 'api-v1', weight: 1, port: 8080 }] },
      retryPolicy: { maxRetries: 3, perRetryTimeout: seconds(2), httpRetryEvents: ['server-error'] },
      timeout: { perRequest: seconds(30) },
    },
  },
  latest: { priority: 3, httpRoute: { match: { path: { exact: '/orders/latest' } }, action: { weightedTargets: [{ virtualNode: 'api-v2', weight: 1 }] } } },
  default: { priority: 10, httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'api-v1', weight: 90 }, { virtualNode: 'api-v2', weight: 10 }] } } },
};

const to = (service: string, port?: number) => ({ virtualService: { virtualServiceName: host(service) }, ...(port !== undefined ? { port } : {}) });

// `/api` has no trailing slash, so its rewrite is a regex over the whole path and
// the router's longer routes keep their tails. A `/api/` prefix rewrite into a
// router is left out on purpose: the compiler's prefixRewrite replaces the
// combined match (`/api/users/`), not `/api/` (a known bug, reported).
const gatewayRoutes: Record<string, GatewayRouteSpec> = {
  www: { priority: 10, httpRoute: { match: { hostname: { exact: 'www.example.com' }, prefix: '/', port: 8443 }, action: { target: to('web'), rewrite: { hostname: { defaultTargetHostname: 'DISABLED' } } } } },
  api: { priority: 20, httpRoute: { match: { hostname: { suffix: '.example.com' }, prefix: '/api', port: 8443 }, action: { target: to('api', 8080), rewrite: { prefix: { defaultPrefix: 'ENABLED' } } } } },
  raw: { priority: 20, httpRoute: { match: { prefix: '/raw', port: 8443 }, action: { target: to('api'), rewrite: { prefix: { defaultPrefix: 'DISABLED' } } } } },
  shop: {
    priority: 30,
    httpRoute: {
      match: {
        prefix: '/shop/',
        port: 8443,
        method: 'POST',
        headers: [
          { name: 'x-tenant', match: { exact: 'acme' } },
          { name: 'x-region', match: { prefix: 'eu-' } },
          { name: 'x-client', match: { suffix: '-web' } },
          { name: 'x-build', match: { regex: '[0-9]+' } },
          { name: 'x-tier', match: { range: { start: 1, end: 3 } } },
          { name: 'x-session' },
          { name: 'x-bot', match: { exact: 'true' }, invert: true },
        ],
        queryParameters: [{ name: 'currency', match: { exact: 'EUR' } }, { name: 'cart' }],
      },
      action: { target: to('web'), rewrite: { prefix: { value: '/store/' } } },
    },
  },
  status: { priority: 5, httpRoute: { match: { path: { exact: '/status' }, port: 8443 }, action: { target: to('web'), rewrite: { path: { exact: '/healthz' } } } } },
  assets: { httpRoute: { match: { path: { regex: '/assets/.+\\.(css|js)' }, method: 'GET', port: 8443 }, action: { target: to('web'), rewrite: { hostname: { defaultTargetHostname: 'ENABLED' } } } } },
  internal: { httpRoute: { match: { prefix: '/internal/', port: 8081 }, action: { target: to('web') } } },
  stream: { http2Route: { match: { prefix: '/', port: 8080 }, action: { target: to('stream') } } },
  rpc: {
    grpcRoute: {
      match: {
        hostname: { exact: 'rpc.example.com' },
        serviceName: 'catalog.v1.Catalog',
        port: 9443,
        metadata: [{ name: 'tenant', match: { prefix: 'acme' } }, { name: 'x-shadow', invert: true, match: { exact: '1' } }],
      },
      action: { target: to('rpc', 50051), rewrite: { hostname: { defaultTargetHostname: 'DISABLED' } } },
    },
  },
};

const log = meshLog('gateway');

export const meshes = [
  {
    name: 'gateway',
    events: [
      log.mesh(),
      log.created('virtualNode', 'web', node('web', 8080, 'http')),
      log.created('virtualNode', 'api-v1', node('api-v1', 8080, 'http')),
      log.created('virtualNode', 'api-v2', node('api-v2', 8080, 'http')),
      log.created('virtualNode', 'stream', node('stream', 8090, 'http2')),
      log.created('virtualNode', 'rpc', node('rpc', 50051, 'grpc')),
      log.created('virtualRouter', 'api', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
      ...Object.entries(apiRoutes).map(([name, spec]) => log.created('route', name, spec, 'api')),
      ...['web', 'stream', 'rpc'].map((name) => log.created('virtualService', host(name), { provider: { virtualNode: { virtualNodeName: name } } })),
      log.created('virtualService', host('api'), { provider: { virtualRouter: { virtualRouterName: 'api' } } }),
      log.created('virtualGateway', 'edge', edge),
      ...Object.entries(gatewayRoutes).map(([name, spec]) => log.created('gatewayRoute', name, spec, 'edge')),
    ],
  },
];
