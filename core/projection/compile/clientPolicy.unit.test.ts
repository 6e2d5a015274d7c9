import { describe, expect, it } from 'vitest';
import { meshLog } from './meshLog.testSupport.js';
import { nodeSnapshot, resource, tlsContext } from './nodeSnapshot.testSupport.js';
import { sdsClusterName } from './tls.js';

const fileTrust = (ca: string) => ({ validation: { trust: { file: { certificateChain: ca } } } });

/** `web` calls the given virtual services; each is provided by a node of the same name (`<name>.local`, DNS). */
function webCalling(backends: object[], backendDefaults: object | undefined, targets: { name: string; port?: number; protocol?: string }[]) {
  const log = meshLog();
  return nodeSnapshot(
    [
      log.mesh(),
      ...targets.flatMap(({ name, port = 8080, protocol = 'http' }) => [
        log.created('virtualNode', name, { listeners: [{ portMapping: { port, protocol } }], serviceDiscovery: { dns: { hostname: `${name}.local` } } }),
        log.created('virtualService', `${name}.svc`, { provider: { virtualNode: { virtualNodeName: name } } }),
      ]),
      log.created('virtualNode', 'web', { backends, ...(backendDefaults ? { backendDefaults } : {}) }),
    ],
    'web',
  );
}
const backend = (name: string, tls?: object) => ({ virtualService: { virtualServiceName: `${name}.svc`, ...(tls ? { clientPolicy: { tls } } : {}) } });

describe('client policy TLS', () => {
  it('originates TLS from backendDefaults, validating against the trusted CA with the DNS name as SNI', () => {
    const snapshot = webCalling([backend('api')], { clientPolicy: { tls: fileTrust('/ca/default.pem') } }, [{ name: 'api' }]);
    expect(tlsContext(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080'))).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      commonTlsContext: { validationContext: { trustedCa: { filename: '/ca/default.pem' } } },
      sni: 'api.local',
    });
  });

  it("lets a backend's own policy override backendDefaults", () => {
    const snapshot = webCalling([backend('api', fileTrust('/ca/api.pem'))], { clientPolicy: { tls: fileTrust('/ca/default.pem') } }, [{ name: 'api' }]);
    const common = tlsContext(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080'))['commonTlsContext'];
    expect(common).toEqual({ validationContext: { trustedCa: { filename: '/ca/api.pem' } } });
  });

  it('sends plaintext when the policy is not enforced', () => {
    const snapshot = webCalling([backend('api', { ...fileTrust('/ca/api.pem'), enforce: false })], { clientPolicy: { tls: fileTrust('/ca/default.pem') } }, [{ name: 'api' }]);
    expect(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080')['transportSocket']).toBeUndefined();
  });

  it('applies only to the listed target ports', () => {
    const tls = { ...fileTrust('/ca/default.pem'), ports: [9443] };
    const snapshot = webCalling([backend('api'), backend('secure')], { clientPolicy: { tls } }, [{ name: 'api' }, { name: 'secure', port: 9443 }]);
    expect(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080')['transportSocket']).toBeUndefined();
    expect(resource(snapshot, 'cluster', 'cds_egress_demo_secure_http_9443')['transportSocket']).toBeDefined();
  });

  it('presents a client certificate for mutual TLS, and negotiates h2 for gRPC targets', () => {
    const tls = { ...fileTrust('/ca/default.pem'), certificate: { file: { certificateChain: '/me/chain.pem', privateKey: '/me/key.pem' } } };
    const snapshot = webCalling([backend('api', tls)], undefined, [{ name: 'api', protocol: 'grpc' }]);
    expect(tlsContext(resource(snapshot, 'cluster', 'cds_egress_demo_api_grpc_8080'))['commonTlsContext']).toEqual({
      tlsCertificates: [{ certificateChain: { filename: '/me/chain.pem' }, privateKey: { filename: '/me/key.pem' } }],
      validationContext: { trustedCa: { filename: '/ca/default.pem' } },
      alpnProtocols: ['h2'],
    });
  });

  it('trusts ACM Private CAs through SDS secrets named by their ARNs, with SANs', () => {
    const arn = 'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca-1';
    const tls = { validation: { trust: { acm: { certificateAuthorityArns: [arn] } }, subjectAlternativeNames: { match: { exact: ['api.local'] } } } };
    const snapshot = webCalling([backend('api', tls)], undefined, [{ name: 'api' }]);
    const common = tlsContext(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080'))['commonTlsContext'];
    expect(common).toMatchObject({
      combinedValidationContext: {
        defaultValidationContext: { matchTypedSubjectAltNames: [{ sanType: 'DNS', matcher: { exact: 'api.local' } }] },
        validationContextSdsSecretConfig: { name: arn },
      },
    });
    expect(snapshot.resources.cluster.map((c) => c['name'])).toContain(sdsClusterName);
  });

  it('gives a target shared by two backends the policy of the first backend in name order', () => {
    const log = meshLog();
    const snapshot = nodeSnapshot(
      [
        log.mesh(),
        log.created('virtualNode', 'api', { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'api.local' } } }),
        log.created('virtualService', 'b.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
        log.created('virtualService', 'a.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
        log.created('virtualNode', 'web', {
          backends: [
            { virtualService: { virtualServiceName: 'b.svc', clientPolicy: { tls: fileTrust('/ca/b.pem') } } },
            { virtualService: { virtualServiceName: 'a.svc', clientPolicy: { tls: fileTrust('/ca/a.pem') } } },
          ],
        }),
      ],
      'web',
    );
    const common = tlsContext(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080'))['commonTlsContext'];
    expect(common).toEqual({ validationContext: { trustedCa: { filename: '/ca/a.pem' } } });
  });
});
