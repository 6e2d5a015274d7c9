// Golden mesh `grpc-and-tcp`: a caller with three backends behind routers of
// the other protocols. gRPC routes match service, method and metadata of
// every kind and retry on every gRPC event; an HTTP/2 route; a TCP route
// splitting by weight with its own idle timeout. The target nodes' listeners
// carry the gRPC, HTTP/2 and TCP listener timeouts.
import type { RouteSpec, VirtualNodeSpec } from '../../../../core/model/appMeshTypes.js';
import { meshLog } from '../../../../core/projection/compile/meshLog.testSupport.js';

const seconds = (value: number) => ({ unit: 's', value }) as const;
const millis = (value: number) => ({ unit: 'ms', value }) as const;

const node = (hostname: string, listener: NonNullable<VirtualNodeSpec['listeners']>[number]): VirtualNodeSpec => ({
  listeners: [listener],
  serviceDiscovery: { dns: { hostname } },
});

const orders = node('orders.grpc-and-tcp.local', { portMapping: { port: 50051, protocol: 'grpc' }, timeout: { grpc: { perRequest: seconds(20), idle: seconds(300) } } });
const ordersCanary = node('orders-canary.grpc-and-tcp.local', { portMapping: { port: 50051, protocol: 'grpc' } });
const ledger = node('ledger.grpc-and-tcp.local', { portMapping: { port: 8443, protocol: 'http2' }, timeout: { http2: { perRequest: millis(2500), idle: seconds(45) } } });
const db = node('db.grpc-and-tcp.local', { portMapping: { port: 5432, protocol: 'tcp' }, timeout: { tcp: { idle: seconds(3600) } } });
const dbReplica = node('db-replica.grpc-and-tcp.local', { portMapping: { port: 5432, protocol: 'tcp' } });

/** Service and method, metadata of every kind, every gRPC retry event plus HTTP and TCP ones. */
const placeOrder: RouteSpec = {
  priority: 1,
  grpcRoute: {
    match: {
      serviceName: 'orders.v1.OrderService',
      methodName: 'PlaceOrder',
      port: 50051,
      metadata: [
        { name: 'tenant', match: { exact: 'acme' } },
        { name: 'region', match: { prefix: 'eu-' } },
        { name: 'client', match: { suffix: '-ios' } },
        { name: 'trace-id', match: { regex: '[0-9a-f]{32}' } },
        { name: 'api-level', match: { range: { start: 10, end: 20 } } },
        { name: 'x-canary' },
        { name: 'x-internal', match: { exact: 'yes' }, invert: true },
      ],
    },
    action: { weightedTargets: [{ virtualNode: 'orders', weight: 90, port: 50051 }, { virtualNode: 'orders-canary', weight: 10 }] },
    retryPolicy: {
      maxRetries: 2,
      perRetryTimeout: seconds(1),
      grpcRetryEvents: ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'],
      httpRetryEvents: ['stream-error'],
      tcpRetryEvents: ['connection-error'],
    },
    timeout: { perRequest: seconds(3), idle: seconds(10) },
  },
};

/** A whole service, retried on gRPC events only. */
const orderService: RouteSpec = {
  priority: 2,
  grpcRoute: {
    match: { serviceName: 'orders.v1.OrderService' },
    action: { weightedTargets: [{ virtualNode: 'orders', weight: 1 }] },
    retryPolicy: { maxRetries: 5, perRetryTimeout: millis(200), grpcRetryEvents: ['unavailable'] },
  },
};

/** Any gRPC call, with App Mesh's default retry policy and timeout. */
const anyCall: RouteSpec = { grpcRoute: { match: {}, action: { weightedTargets: [{ virtualNode: 'orders', weight: 1 }] } } };

const ledgerWrites: RouteSpec = {
  http2Route: {
    match: { prefix: '/ledger/', method: 'PUT', headers: [{ name: 'content-type', match: { exact: 'application/json' } }] },
    action: { weightedTargets: [{ virtualNode: 'ledger', weight: 1 }] },
    retryPolicy: { maxRetries: 2, perRetryTimeout: millis(800), httpRetryEvents: ['gateway-error'] },
    timeout: { perRequest: seconds(8), idle: seconds(20) },
  },
};

const dbSplit: RouteSpec = {
  tcpRoute: {
    match: { port: 5432 },
    action: { weightedTargets: [{ virtualNode: 'db', weight: 3 }, { virtualNode: 'db-replica', weight: 1, port: 5432 }] },
    timeout: { idle: seconds(1800) },
  },
};

const checkout: VirtualNodeSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http2' } }],
  serviceDiscovery: { dns: { hostname: 'checkout.grpc-and-tcp.local' } },
  backends: ['orders', 'ledger', 'db'].map((name) => ({ virtualService: { virtualServiceName: `${name}.grpc-and-tcp.local` } })),
};

const log = meshLog('grpc-and-tcp');
const router = (name: string, port: number, protocol: 'grpc' | 'http2' | 'tcp') => log.created('virtualRouter', name, { listeners: [{ portMapping: { port, protocol } }] });
const service = (name: string) => log.created('virtualService', `${name}.grpc-and-tcp.local`, { provider: { virtualRouter: { virtualRouterName: name } } });

export const meshes = [
  {
    name: 'grpc-and-tcp',
    events: [
      log.mesh(),
      log.created('virtualNode', 'orders', orders),
      log.created('virtualNode', 'orders-canary', ordersCanary),
      log.created('virtualNode', 'ledger', ledger),
      log.created('virtualNode', 'db', db),
      log.created('virtualNode', 'db-replica', dbReplica),
      router('orders', 50051, 'grpc'),
      router('ledger', 8443, 'http2'),
      router('db', 5432, 'tcp'),
      log.created('route', 'place-order', placeOrder, 'orders'),
      log.created('route', 'order-service', orderService, 'orders'),
      log.created('route', 'any-call', anyCall, 'orders'),
      log.created('route', 'ledger-writes', ledgerWrites, 'ledger'),
      log.created('route', 'db-split', dbSplit, 'db'),
      service('orders'),
      service('ledger'),
      service('db'),
      log.created('virtualNode', 'checkout', checkout),
    ],
  },
];
