// Realistic App Mesh specs that use most of each kind's fields, so a round trip
// through the SDK proves nothing is dropped, renamed or defaulted on the way.
import type {
  GatewayRouteSpec,
  MeshSpec,
  RouteSpec,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from '@aws-sdk/client-app-mesh';

const seconds = (value: number) => ({ unit: 's' as const, value });
const millis = (value: number) => ({ unit: 'ms' as const, value });

export const meshSpec: MeshSpec = { egressFilter: { type: 'DROP_ALL' }, serviceDiscovery: { ipPreference: 'IPv4_PREFERRED' } };

const clientTls = {
  enforce: true,
  ports: [8443],
  certificate: { file: { certificateChain: '/certs/client.pem', privateKey: '/certs/client.key' } },
  validation: {
    trust: { acm: { certificateAuthorityArns: ['arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/abc'] } },
    subjectAlternativeNames: { match: { exact: ['orders.demo.local'] } },
  },
};

/** A node with one HTTP listener carrying every listener feature, DNS discovery and a JSON access log. */
export function virtualNodeSpec(hostname = 'web.demo.local'): VirtualNodeSpec {
  return {
    listeners: [
      {
        portMapping: { port: 8080, protocol: 'http' },
        healthCheck: { protocol: 'http', path: '/ping', port: 8080, healthyThreshold: 2, unhealthyThreshold: 3, intervalMillis: 5000, timeoutMillis: 2000 },
        tls: {
          mode: 'STRICT',
          certificate: { sds: { secretName: 'spiffe://demo/web' } },
          validation: { trust: { file: { certificateChain: '/certs/ca.pem' } }, subjectAlternativeNames: { match: { exact: ['gateway.demo.local'] } } },
        },
        timeout: { http: { perRequest: seconds(15), idle: millis(300000) } },
        connectionPool: { http: { maxConnections: 100, maxPendingRequests: 50 } },
        outlierDetection: { maxServerErrors: 5, interval: seconds(10), baseEjectionDuration: seconds(30), maxEjectionPercent: 50 },
      },
    ],
    serviceDiscovery: { dns: { hostname, responseType: 'ENDPOINTS', ipPreference: 'IPv4_ONLY' } },
    backends: [
      { virtualService: { virtualServiceName: 'orders.demo.local', clientPolicy: { tls: clientTls } } },
      { virtualService: { virtualServiceName: 'payments.demo.local' } },
    ],
    backendDefaults: { clientPolicy: { tls: { ...clientTls, ports: [443], enforce: false } } },
    logging: { accessLog: { file: { path: '/dev/stdout', format: { json: [{ key: 'status', value: '%RESPONSE_CODE%' }, { key: 'path', value: '%REQ(:PATH)%' }] } } } },
  };
}

/** A gRPC node found through Cloud Map, logging plain text. */
export const cloudMapNodeSpec: VirtualNodeSpec = {
  listeners: [
    {
      portMapping: { port: 50051, protocol: 'grpc' },
      timeout: { grpc: { perRequest: seconds(5), idle: seconds(60) } },
      connectionPool: { grpc: { maxRequests: 256 } },
    },
  ],
  serviceDiscovery: {
    awsCloudMap: { namespaceName: 'demo.local', serviceName: 'orders', attributes: [{ key: 'stage', value: 'blue' }], ipPreference: 'IPv6_PREFERRED' },
  },
  logging: { accessLog: { file: { path: '/var/log/envoy.log', format: { text: '[%START_TIME%] %REQ(:METHOD)% %RESPONSE_CODE%' } } } },
};

/** The smallest valid node: enough where a test only needs a node to exist. */
export const minimalNodeSpec: VirtualNodeSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
  serviceDiscovery: { dns: { hostname: 'node.demo.local' } },
};

export const virtualRouterSpec: VirtualRouterSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 50051, protocol: 'grpc' } }],
};

/** An HTTP route with header, query, method and path matches, retries and timeouts, split over two nodes. */
export function httpRouteSpec(nodes: [string, string], weights: [number, number] = [90, 10]): RouteSpec {
  return {
    priority: 10,
    httpRoute: {
      match: {
        path: { exact: '/orders' },
        method: 'POST',
        scheme: 'https',
        port: 8080,
        headers: [
          { name: 'x-canary', match: { exact: 'true' }, invert: false },
          { name: 'x-version', match: { range: { start: 1, end: 5 } } },
          { name: 'user-agent', match: { regex: '.*Mobile.*' }, invert: true },
        ],
        queryParameters: [{ name: 'region', match: { exact: 'eu' } }],
      },
      action: { weightedTargets: [{ virtualNode: nodes[0], weight: weights[0], port: 8080 }, { virtualNode: nodes[1], weight: weights[1], port: 8080 }] },
      retryPolicy: { maxRetries: 3, perRetryTimeout: millis(2000), httpRetryEvents: ['server-error', 'gateway-error'], tcpRetryEvents: ['connection-error'] },
      timeout: { perRequest: seconds(30), idle: seconds(60) },
    },
  };
}

export function prefixRouteSpec(node: string, prefix = '/'): RouteSpec {
  return { httpRoute: { match: { prefix }, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } } };
}

export function grpcRouteSpec(node: string): RouteSpec {
  return {
    priority: 5,
    grpcRoute: {
      match: {
        serviceName: 'orders.OrderService',
        methodName: 'Place',
        port: 50051,
        metadata: [{ name: 'tenant', match: { prefix: 'acme' } }, { name: 'debug', invert: true, match: { suffix: '-on' } }],
      },
      action: { weightedTargets: [{ virtualNode: node, weight: 100 }] },
      retryPolicy: { maxRetries: 2, perRetryTimeout: seconds(1), grpcRetryEvents: ['unavailable', 'deadline-exceeded'], httpRetryEvents: ['stream-error'] },
      timeout: { perRequest: seconds(10), idle: seconds(120) },
    },
  };
}

export function tcpRouteSpec(node: string): RouteSpec {
  return { tcpRoute: { match: { port: 8080 }, action: { weightedTargets: [{ virtualNode: node, weight: 100, port: 8080 }] }, timeout: { idle: seconds(600) } } };
}

export const nodeProvided = (virtualNodeName: string): VirtualServiceSpec => ({ provider: { virtualNode: { virtualNodeName } } });
export const routerProvided = (virtualRouterName: string): VirtualServiceSpec => ({ provider: { virtualRouter: { virtualRouterName } } });

export const virtualGatewaySpec: VirtualGatewaySpec = {
  listeners: [
    {
      portMapping: { port: 8443, protocol: 'http' },
      healthCheck: { protocol: 'http', path: '/health', healthyThreshold: 3, unhealthyThreshold: 2, intervalMillis: 10000, timeoutMillis: 5000 },
      tls: {
        mode: 'PERMISSIVE',
        certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/gw' } },
        validation: { trust: { sds: { secretName: 'ca-bundle' } } },
      },
      connectionPool: { http: { maxConnections: 1000, maxPendingRequests: 200 } },
    },
  ],
  backendDefaults: { clientPolicy: { tls: { enforce: true, validation: { trust: { file: { certificateChain: '/certs/ca.pem' } } } } } },
  logging: { accessLog: { file: { path: '/dev/stdout', format: { text: '%START_TIME% %RESPONSE_CODE%' } } } },
};

/** An HTTP gateway route matching on hostname, headers and query, rewriting the prefix. */
export function httpGatewayRouteSpec(service: string): GatewayRouteSpec {
  return {
    priority: 100,
    httpRoute: {
      match: {
        prefix: '/shop/',
        hostname: { suffix: '.example.com' },
        method: 'GET',
        port: 8443,
        headers: [{ name: 'x-tenant', match: { prefix: 'acme' } }],
        queryParameters: [{ name: 'lang', match: { exact: 'en' } }],
      },
      action: {
        target: { virtualService: { virtualServiceName: service }, port: 8080 },
        rewrite: { prefix: { value: '/store/' }, hostname: { defaultTargetHostname: 'DISABLED' } },
      },
    },
  };
}

export function grpcGatewayRouteSpec(service: string): GatewayRouteSpec {
  return {
    grpcRoute: {
      match: { serviceName: 'orders.OrderService', hostname: { exact: 'api.example.com' }, metadata: [{ name: 'tenant', match: { exact: 'acme' } }] },
      action: { target: { virtualService: { virtualServiceName: service } }, rewrite: { hostname: { defaultTargetHostname: 'ENABLED' } } },
    },
  };
}
