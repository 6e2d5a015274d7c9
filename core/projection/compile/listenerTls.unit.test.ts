import { describe, expect, it } from 'vitest';
import { ingressListenerName } from '../envoy/names.js';
import { meshLog } from './meshLog.testSupport.js';
import { filterChains, nodeSnapshot, resource, tlsContext } from './nodeSnapshot.testSupport.js';
import { sdsClusterName } from './tls.js';

const fileCert = { file: { certificateChain: '/certs/chain.pem', privateKey: '/certs/key.pem' } };

function snapshotWithListeners(listeners: object[]) {
  const log = meshLog();
  return nodeSnapshot([log.mesh(), log.created('virtualNode', 'api', { listeners, serviceDiscovery: { dns: { hostname: 'api.local' } } })], 'api');
}

describe('listener TLS', () => {
  it('terminates TLS with file certificates on the port in STRICT mode, and accepts nothing else', () => {
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'STRICT', certificate: fileCert } }]);
    const chains = filterChains(snapshot, ingressListenerName);
    expect(chains).toHaveLength(1);
    expect(chains[0]!['filterChainMatch']).toEqual({ destinationPort: { value: 8080 } });
    expect(tlsContext(chains[0]!)).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      commonTlsContext: { tlsCertificates: [{ certificateChain: { filename: '/certs/chain.pem' }, privateKey: { filename: '/certs/key.pem' } }] },
    });
  });

  it('accepts TLS and plaintext in PERMISSIVE mode, told apart by the TLS inspector on that port only', () => {
    const snapshot = snapshotWithListeners([
      { portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'PERMISSIVE', certificate: fileCert } },
      { portMapping: { port: 3306, protocol: 'tcp' } },
    ]);
    const chains = filterChains(snapshot, ingressListenerName);
    expect(chains.map((c) => c['filterChainMatch'])).toEqual([
      { destinationPort: { value: 8080 }, transportProtocol: 'tls' },
      { destinationPort: { value: 8080 }, transportProtocol: 'raw_buffer' },
      { destinationPort: { value: 3306 } },
    ]);
    expect(chains[0]!['transportSocket']).toBeDefined();
    expect(chains[1]!['transportSocket']).toBeUndefined();
    expect(chains[0]!['filters']).toEqual(chains[1]!['filters']);
    const filters = resource(snapshot, 'listener', ingressListenerName)['listenerFilters'] as Record<string, unknown>[];
    expect(filters[1]).toMatchObject({ name: 'envoy.filters.listener.tls_inspector', filterDisabled: { notMatch: { destinationPortRange: { start: 8080, end: 8081 } } } });
  });

  it('serves plaintext when TLS is DISABLED, without a TLS inspector', () => {
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'DISABLED', certificate: fileCert } }]);
    const chains = filterChains(snapshot, ingressListenerName);
    expect(chains).toHaveLength(1);
    expect(chains[0]!['transportSocket']).toBeUndefined();
    expect(resource(snapshot, 'listener', ingressListenerName)['listenerFilters']).toHaveLength(1);
  });

  it('fetches an SDS certificate from the SPIRE agent socket, and ships the cluster that reaches it', () => {
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'grpc' }, tls: { mode: 'STRICT', certificate: { sds: { secretName: 'spiffe://example.org/api' } } } }]);
    const common = tlsContext(filterChains(snapshot, ingressListenerName)[0]!)['commonTlsContext'];
    expect(common).toEqual({
      tlsCertificateSdsSecretConfigs: [
        {
          name: 'spiffe://example.org/api',
          sdsConfig: { apiConfigSource: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{ envoyGrpc: { clusterName: sdsClusterName } }] }, resourceApiVersion: 'V3' },
        },
      ],
      alpnProtocols: ['h2'],
    });
    expect(resource(snapshot, 'cluster', sdsClusterName)['loadAssignment']).toEqual({
      clusterName: sdsClusterName,
      endpoints: [{ lbEndpoints: [{ endpoint: { address: { pipe: { path: '/run/spire/sockets/agent.sock' } } } }] }],
    });
  });

  it('asks SDS for an ACM certificate by its ARN, since ACM keys never leave AWS', () => {
    const arn = 'arn:aws:acm:us-east-1:111122223333:certificate/abc';
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'STRICT', certificate: { acm: { certificateArn: arn } } } }]);
    const common = tlsContext(filterChains(snapshot, ingressListenerName)[0]!)['commonTlsContext'] as Record<string, unknown>;
    expect(common['tlsCertificateSdsSecretConfigs']).toMatchObject([{ name: arn }]);
    expect(snapshot.resources.cluster.map((c) => c['name'])).toContain(sdsClusterName);
  });

  it('requires client certificates from a trusted file CA with the listed DNS SANs under mutual TLS', () => {
    const validation = { trust: { file: { certificateChain: '/certs/ca.pem' } }, subjectAlternativeNames: { match: { exact: ['web.local'] } } };
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'STRICT', certificate: fileCert, validation } }]);
    const context = tlsContext(filterChains(snapshot, ingressListenerName)[0]!);
    expect(context['requireClientCertificate']).toEqual({ value: true });
    expect((context['commonTlsContext'] as Record<string, unknown>)['validationContext']).toEqual({
      trustedCa: { filename: '/certs/ca.pem' },
      matchTypedSubjectAltNames: [{ sanType: 'DNS', matcher: { exact: 'web.local' } }],
    });
  });

  it('validates clients against an SDS trust bundle with SPIFFE IDs as URI SANs', () => {
    const validation = { trust: { sds: { secretName: 'spiffe://example.org' } }, subjectAlternativeNames: { match: { exact: ['spiffe://example.org/web'] } } };
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'PERMISSIVE', certificate: fileCert, validation } }]);
    const common = tlsContext(filterChains(snapshot, ingressListenerName)[0]!)['commonTlsContext'] as Record<string, unknown>;
    expect(common['combinedValidationContext']).toMatchObject({
      defaultValidationContext: { matchTypedSubjectAltNames: [{ sanType: 'URI', matcher: { exact: 'spiffe://example.org/web' } }] },
      validationContextSdsSecretConfig: { name: 'spiffe://example.org' },
    });
  });

  it('uses a plain SDS validation context when no SANs are listed', () => {
    const validation = { trust: { sds: { secretName: 'spiffe://example.org' } } };
    const snapshot = snapshotWithListeners([{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'STRICT', certificate: fileCert, validation } }]);
    const common = tlsContext(filterChains(snapshot, ingressListenerName)[0]!)['commonTlsContext'] as Record<string, unknown>;
    expect(common['validationContextSdsSecretConfig']).toMatchObject({ name: 'spiffe://example.org' });
    expect(common['combinedValidationContext']).toBeUndefined();
  });
});
