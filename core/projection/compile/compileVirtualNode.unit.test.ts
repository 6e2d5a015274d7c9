import { isApiListener } from './apiListeners.js';
import { describe, expect, it } from 'vitest';
import { egressListenerName, ingressListenerName } from '../envoy/names.js';
import { meshLog } from './meshLog.testSupport.js';
import { nodeSnapshot } from './nodeSnapshot.testSupport.js';
import { sdsClusterName } from './tls.js';

const thresholds = { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 };
const outlierDetection = { maxServerErrors: 3, interval: { value: 5, unit: 's' }, baseEjectionDuration: { value: 30, unit: 's' }, maxEjectionPercent: 100 };
const sdsTls = (mode: string) => ({
  mode,
  certificate: { sds: { secretName: 'spiffe://example.org/api' } },
  validation: { trust: { sds: { secretName: 'spiffe://example.org' } }, subjectAlternativeNames: { match: { exact: ['spiffe://example.org/web'] } } },
});

/** A node that sets every virtual-node field, and one that calls it through every backend feature. */
function everyField() {
  const log = meshLog();
  return [
    log.mesh({ egressFilter: { type: 'ALLOW_ALL' }, serviceDiscovery: { ipPreference: 'IPv4_PREFERRED' } }),
    log.created('virtualNode', 'api', {
      listeners: [
        { portMapping: { port: 8080, protocol: 'http' }, tls: sdsTls('STRICT'), healthCheck: { protocol: 'http', path: '/health', ...thresholds }, outlierDetection, connectionPool: { http: { maxConnections: 10, maxPendingRequests: 5 } }, timeout: { http: { perRequest: { value: 3, unit: 's' }, idle: { value: 30, unit: 's' } } } },
        { portMapping: { port: 9090, protocol: 'grpc' }, tls: sdsTls('PERMISSIVE'), healthCheck: { protocol: 'grpc', ...thresholds }, connectionPool: { grpc: { maxRequests: 50 } }, timeout: { grpc: { perRequest: { value: 0, unit: 's' } } } },
        { portMapping: { port: 5432, protocol: 'tcp' }, healthCheck: { protocol: 'tcp', ...thresholds }, connectionPool: { tcp: { maxConnections: 20 } }, timeout: { tcp: { idle: { value: 1, unit: 's' } } } },
      ],
      serviceDiscovery: { awsCloudMap: { namespaceName: 'demo.local', serviceName: 'api', attributes: [{ key: 'stage', value: 'prod' }] } },
      logging: { accessLog: { file: { path: '/dev/stdout', format: { json: [{ key: 'code', value: '%RESPONSE_CODE%' }] } } } },
      backendDefaults: { clientPolicy: { tls: { validation: { trust: { acm: { certificateAuthorityArns: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/x'] } } } } } },
    }),
    log.created('virtualService', 'api.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
    log.created('virtualNode', 'web', {
      listeners: [{ portMapping: { port: 80, protocol: 'http' }, tls: { mode: 'DISABLED', certificate: { file: { certificateChain: '/c.pem', privateKey: '/k.pem' } } } }],
      serviceDiscovery: { dns: { hostname: 'web.local', responseType: 'ENDPOINTS', ipPreference: 'IPv6_ONLY' } },
      backends: [{ virtualService: { virtualServiceName: 'api.svc', clientPolicy: { tls: { ports: [8080, 9090], certificate: { sds: { secretName: 'spiffe://example.org/web' } }, validation: { trust: { sds: { secretName: 'spiffe://example.org' } } } } } } }],
      backendDefaults: { clientPolicy: { tls: { enforce: false, validation: { trust: { file: { certificateChain: '/ca.pem' } } } } } },
      logging: { accessLog: { file: { path: '/var/log/envoy/access.log', format: { text: '%START_TIME% %RESPONSE_CODE%' } } } },
    }),
  ];
}
const instances = [{ namespace: 'demo.local', service: 'api', instanceId: 'i-1', ipv4: '10.0.0.1', port: 0, attributes: { stage: 'prod' } }];

describe('virtual node compilation', () => {
  it('turns a node that sets every field into a consistent snapshot that survives protobuf unchanged', () => {
    for (const node of ['api', 'web']) {
      const snapshot = nodeSnapshot(everyField(), node, instances);
      // Envoy's two listeners, plus API listeners for proxyless gRPC clients of each http-like backend port.
      expect(snapshot.resources.listener.filter((l) => !isApiListener(l)).map((l) => l['name'])).toEqual([egressListenerName, ingressListenerName]);
      expect(snapshot.resources.cluster.map((c) => c['name'])).toContain(sdsClusterName);
    }
  });

  it('compiles the same mesh to the same snapshot version', () => {
    expect(nodeSnapshot(everyField(), 'web', instances).version).toBe(nodeSnapshot(everyField(), 'web', instances).version);
  });

  it('splits TCP backends by weight, leaving out targets of weight 0', () => {
    const log = meshLog();
    const db = (name: string) => log.created('virtualNode', name, { listeners: [{ portMapping: { port: 5432, protocol: 'tcp' } }], serviceDiscovery: { dns: { hostname: `${name}.local` } } });
    const snapshot = nodeSnapshot(
      [
        log.mesh(),
        db('db-blue'),
        db('db-green'),
        log.created('virtualRouter', 'db', { listeners: [{ portMapping: { port: 5432, protocol: 'tcp' } }] }),
        log.created('route', 'split', { tcpRoute: { action: { weightedTargets: [{ virtualNode: 'db-blue', weight: 0 }, { virtualNode: 'db-green', weight: 3 }] } } }, 'db'),
        log.created('virtualService', 'db.svc', { provider: { virtualRouter: { virtualRouterName: 'db' } } }),
        log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'db.svc' } }] }),
      ],
      'web',
    );
    const chain = snapshot.resources.listener.find((l) => l['name'] === egressListenerName)!['filterChains'] as Record<string, unknown>[];
    expect(JSON.stringify(chain[0])).toContain('"weightedClusters":{"clusters":[{"name":"cds_egress_demo_db-green_tcp_5432","weight":3}]}');
    expect(snapshot.resources.cluster.map((c) => c['name'])).not.toContain('cds_egress_demo_db-blue_tcp_5432');
  });
});

describe('API listeners for proxyless gRPC clients', () => {
  it('names one per backend service port, plus the bare service name, each routing through the egress route configuration', () => {
    const snapshot = nodeSnapshot(everyField(), 'web', instances);
    const api = snapshot.resources.listener.filter(isApiListener);
    expect(api.map((l) => l['name'])).toEqual(['api.svc', 'api.svc:8080', 'api.svc:9090']);
    const hcm = (api[1]?.['apiListener'] as { apiListener: { rds: { routeConfigName: string } } }).apiListener;
    expect(hcm.rds.routeConfigName).toBe('rds_egress_http_8080');
    expect(snapshot.resources.route.map((r) => r['name'])).toContain('rds_egress_http_8080');
  });
});

describe('API listeners next to TCP backends', () => {
  it('leaves out ports that egress proxies as TCP, so no listener points at a missing route configuration', () => {
    const log = meshLog();
    const events = [
      log.mesh(),
      log.created('virtualNode', 'db', { listeners: [{ portMapping: { port: 5432, protocol: 'tcp' } }], serviceDiscovery: { dns: { hostname: 'db.local' } } }),
      log.created('virtualNode', 'api', { listeners: [{ portMapping: { port: 5432, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'api.local' } } }),
      log.created('virtualService', 'db.svc', { provider: { virtualNode: { virtualNodeName: 'db' } } }),
      log.created('virtualService', 'api.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
      log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'db.svc' } }, { virtualService: { virtualServiceName: 'api.svc' } }] }),
    ];
    const snapshot = nodeSnapshot(events, 'web');
    expect(snapshot.resources.listener.filter(isApiListener)).toEqual([]);
  });
});
