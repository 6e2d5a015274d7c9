import { describe, expect, it } from 'vitest';
import { emptyProjection, project } from '../projection.js';
import { meshReader } from '../meshReader.js';
import { consistencyIssues } from '../snapshot.js';
import { compileVirtualGateway } from './compileVirtualGateway.js';
import { dnsNode, meshLog, resourceOf, snapshotOf } from './meshLog.testSupport.js';
import { roundTripDifferences } from './protoRoundTrip.testSupport.js';

type Json = Record<string, unknown>;

const target = (service: string) => ({ target: { virtualService: { virtualServiceName: service } } });

/** Gateway `gw` in front of `web.local` (node `web`, http 8080); the gateway spec is the test's. */
function gatewayMesh(gatewaySpec: object) {
  const log = meshLog();
  const events = [
    log.mesh(),
    log.created('virtualNode', 'web', dnsNode('web.local')),
    log.created('virtualNode', 'api', dnsNode('api.local', 50051, 'grpc')),
    log.created('virtualService', 'web.local', { provider: { virtualNode: { virtualNodeName: 'web' } } }),
    log.created('virtualService', 'api.local', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
    log.created('virtualGateway', 'gw', gatewaySpec),
    log.created('gatewayRoute', 'web', { httpRoute: { match: { prefix: '/' }, action: target('web.local') } }, 'gw'),
    log.created('gatewayRoute', 'api', { grpcRoute: { match: {}, action: target('api.local') } }, 'gw'),
  ];
  return { log, events };
}

const hcmOf = (chain: Json) => ((chain['filters'] as Json[])[0]?.['typedConfig'] ?? {}) as Json;

describe('compileVirtualGateway', () => {
  it('compiles one listener per port, bound to 0.0.0.0, each with its own route configuration, and the second hop on loopback 15001', () => {
    const { events } = gatewayMesh({ listeners: [{ portMapping: { port: 9090, protocol: 'grpc' } }, { portMapping: { port: 8080, protocol: 'http' } }] });
    const snapshot = snapshotOf(events, 'virtualGateway/gw');
    expect(snapshot.node).toBe('mesh/demo/virtualGateway/gw');
    expect(snapshot.resources.listener.map((l) => l['name'])).toEqual(['lds_egress_127.0.0.1_15001', 'lds_ingress_0.0.0.0_8080', 'lds_ingress_0.0.0.0_9090']);
    expect(resourceOf(snapshot, 'listener', 'lds_egress_127.0.0.1_15001')['address']).toEqual({ socketAddress: { address: '127.0.0.1', portValue: 15001 } });
    const grpc = resourceOf(snapshot, 'listener', 'lds_ingress_0.0.0.0_9090');
    expect(grpc['address']).toEqual({ socketAddress: { address: '0.0.0.0', portValue: 9090 } });
    const hcm = hcmOf((grpc['filterChains'] as Json[])[0] ?? {});
    expect(hcm).toMatchObject({ rds: { routeConfigName: 'rds_ingress_grpc_9090' }, codecType: 'HTTP2', stripAnyHostPort: true });
    expect(snapshot.resources.route.map((r) => r['name'])).toEqual(['rds_egress_http_15001', 'rds_ingress_grpc_9090', 'rds_ingress_http_8080']);
    expect(consistencyIssues(snapshot)).toEqual([]);
    expect(roundTripDifferences(snapshot)).toEqual([]);
  });

  it('is undefined for a gateway that does not exist, and consistent with no listeners', () => {
    const { events } = gatewayMesh({ listeners: [] });
    const projection = emptyProjection('demo');
    project(projection, events);
    expect(compileVirtualGateway(meshReader(projection.state), 'missing')).toBeUndefined();
    const snapshot = snapshotOf(events, 'virtualGateway/gw');
    expect(snapshot.resources.listener).toEqual([]);
    expect(consistencyIssues(snapshot)).toEqual([]);
  });

  it("puts each listener's connection pool on its own self-redirect cluster, leaving the shared egress clusters unlimited", () => {
    const { events } = gatewayMesh({
      listeners: [
        { portMapping: { port: 8080, protocol: 'http' }, connectionPool: { http: { maxConnections: 50, maxPendingRequests: 10 } } },
        { portMapping: { port: 9090, protocol: 'grpc' }, connectionPool: { grpc: { maxRequests: 200 } } },
      ],
    });
    const snapshot = snapshotOf(events, 'virtualGateway/gw');
    const thresholds = (name: string) => (resourceOf(snapshot, 'cluster', name)['circuitBreakers'] as { thresholds: Json[] }).thresholds[0];
    const unlimited = { value: 2147483647 };
    expect(thresholds('cds_ingress_demo_gw_self_redirect_8080_http_15001')).toEqual({ maxConnections: { value: 50 }, maxPendingRequests: { value: 10 }, maxRequests: unlimited, maxRetries: unlimited });
    expect(thresholds('cds_ingress_demo_gw_self_redirect_9090_grpc_15001')).toEqual({ maxConnections: unlimited, maxPendingRequests: unlimited, maxRequests: { value: 200 }, maxRetries: unlimited });
    for (const name of ['cds_egress_demo_web_http_8080', 'cds_egress_demo_api_grpc_50051']) expect(thresholds(name)).toEqual({ maxConnections: unlimited, maxPendingRequests: unlimited, maxRequests: unlimited, maxRetries: unlimited });
    expect(roundTripDifferences(snapshot)).toEqual([]);
  });

  it('originates TLS to targets on the ports of the client policy only', () => {
    const validation = { trust: { file: { certificateChain: '/certs/ca.pem' } }, subjectAlternativeNames: { match: { exact: ['web.local'] } } };
    const { events } = gatewayMesh({
      listeners: [{ portMapping: { port: 8080, protocol: 'http' } }, { portMapping: { port: 9090, protocol: 'grpc' } }],
      backendDefaults: { clientPolicy: { tls: { ports: [8080], validation, certificate: { file: { certificateChain: '/certs/gw.pem', privateKey: '/certs/gw.key' } } } } },
    });
    const snapshot = snapshotOf(events, 'virtualGateway/gw');
    expect(resourceOf(snapshot, 'cluster', 'cds_egress_demo_web_http_8080')['transportSocket']).toEqual({
      name: 'envoy.transport_sockets.tls',
      typedConfig: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
        commonTlsContext: {
          tlsCertificates: [{ certificateChain: { filename: '/certs/gw.pem' }, privateKey: { filename: '/certs/gw.key' } }],
          validationContext: { trustedCa: { filename: '/certs/ca.pem' }, matchTypedSubjectAltNames: [{ sanType: 'DNS', matcher: { exact: 'web.local' } }] },
        },
        sni: 'web.local',
      },
    });
    expect(resourceOf(snapshot, 'cluster', 'cds_egress_demo_api_grpc_50051')).not.toHaveProperty('transportSocket');
    expect(roundTripDifferences(snapshot)).toEqual([]);
  });

  it('terminates mutual TLS on a STRICT listener and logs requests to a file', () => {
    const { events } = gatewayMesh({
      listeners: [{
        portMapping: { port: 8443, protocol: 'http2' },
        tls: { mode: 'STRICT', certificate: { file: { certificateChain: '/c.pem', privateKey: '/k.pem' } }, validation: { trust: { sds: { secretName: 'spiffe://demo/ca' } } } },
        healthCheck: { protocol: 'http2', path: '/ping', intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 },
      }],
      logging: { accessLog: { file: { path: '/dev/stdout', format: { text: '%RESPONSE_CODE%' } } } },
    });
    const snapshot = snapshotOf(events, 'virtualGateway/gw');
    const [chain, ...others] = resourceOf(snapshot, 'listener', 'lds_ingress_0.0.0.0_8443')['filterChains'] as Json[];
    expect(others).toEqual([]);
    expect(chain?.['transportSocket']).toMatchObject({ typedConfig: { requireClientCertificate: { value: true }, commonTlsContext: { alpnProtocols: ['h2'], validationContextSdsSecretConfig: { name: 'spiffe://demo/ca' } } } });
    expect(hcmOf(chain ?? {})['accessLog']).toEqual([
      { name: 'envoy.access_loggers.file', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/dev/stdout', logFormat: { textFormatSource: { inlineString: '%RESPONSE_CODE%\n' } } } },
    ]);
    expect(consistencyIssues(snapshot)).toEqual([]);
    expect(roundTripDifferences(snapshot)).toEqual([]);
  });

  it('accepts TLS and plaintext on a PERMISSIVE listener, told apart by the TLS inspector', () => {
    const { events } = gatewayMesh({ listeners: [{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'PERMISSIVE', certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' } } } }] });
    const listener = resourceOf(snapshotOf(events, 'virtualGateway/gw'), 'listener', 'lds_ingress_0.0.0.0_8080');
    expect((listener['listenerFilters'] as Json[]).map((f) => f['name'])).toEqual(['envoy.filters.listener.tls_inspector']);
    expect((listener['filterChains'] as Json[]).map((c) => [(c['filterChainMatch'] as Json)['transportProtocol'], 'transportSocket' in c])).toEqual([
      ['tls', true],
      ['raw_buffer', false],
    ]);
  });
});

describe('gateway dependencies', () => {
  it('recompiles the gateway when a route of its target service changes', () => {
    const log = meshLog();
    const weights = (red: number, blue: number) => ({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'red', weight: red }, { virtualNode: 'blue', weight: blue }] } } });
    const projection = emptyProjection('demo');
    project(projection, [
      log.mesh(),
      log.created('virtualNode', 'red', dnsNode('red.local')),
      log.created('virtualNode', 'blue', dnsNode('blue.local')),
      log.created('virtualRouter', 'color', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
      log.created('route', 'split', weights(1, 0), 'color'),
      log.created('virtualService', 'color.local', { provider: { virtualRouter: { virtualRouterName: 'color' } } }),
      log.created('virtualGateway', 'gw', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }),
      log.created('gatewayRoute', 'color', { httpRoute: { match: { prefix: '/' }, action: target('color.local') } }, 'gw'),
    ]);
    const { changes } = project(projection, [log.updated('route', 'split', weights(1, 1), 'color')]);
    expect(changes.map((c) => c.target)).toEqual(['virtualGateway/gw']);
    const change = changes[0];
    const snapshot = change && 'snapshot' in change ? change.snapshot : undefined;
    const hosts = resourceOf(snapshot!, 'route', 'rds_egress_http_15001')['virtualHosts'] as Json[];
    const routes = (hosts.find((h) => h['name'] === 'color.local')?.['routes'] ?? []) as Json[];
    expect((routes[0]?.['route'] as Json)['weightedClusters']).toEqual({ clusters: [{ name: 'cds_egress_demo_red_http_8080', weight: { value: 1 } }, { name: 'cds_egress_demo_blue_http_8080', weight: { value: 1 } }] });
  });
});
