import { any, durationFromMillis } from '../envoy/proto.js';
import { anyTypes } from '../envoy/typeUrls.js';
import type { EnvoyResource } from './envoyConfig.js';
import type { Protocol } from './resolveService.js';

type Json = Record<string, unknown>;

// The TLS building blocks shared by listener TLS (server side) and client
// policies (upstream side). Virtual nodes and virtual gateways spell these
// App Mesh shapes identically, so both can use them.

interface CertificateSource {
  readonly file?: { readonly certificateChain: string; readonly privateKey: string };
  readonly sds?: { readonly secretName: string };
  readonly acm?: { readonly certificateArn: string };
}
interface Validation {
  readonly trust: {
    readonly file?: { readonly certificateChain: string };
    readonly sds?: { readonly secretName: string };
    readonly acm?: { readonly certificateAuthorityArns: readonly string[] };
  };
  readonly subjectAlternativeNames?: { readonly match: { readonly exact: readonly string[] } };
}

/**
 * App Mesh's SDS: the SPIRE agent on the host, over its unix socket.
 * Envoy only accepts a statically defined cluster behind an SDS config
 * source, so the agent's bootstrap must define this cluster too (App Mesh's
 * image did); the snapshot carries it so the snapshot names what it uses.
 */
export const sdsClusterName = 'static_cluster_sds_unix_socket';
export const sdsSocketPath = '/run/spire/sockets/agent.sock';

export function sdsCluster(): EnvoyResource {
  return {
    name: sdsClusterName,
    type: 'STATIC',
    connectTimeout: durationFromMillis(1000),
    loadAssignment: { clusterName: sdsClusterName, endpoints: [{ lbEndpoints: [{ endpoint: { address: { pipe: { path: sdsSocketPath } } } }] }] },
    // SDS is a gRPC service: HTTP/2 upstream.
    typedExtensionProtocolOptions: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': any(anyTypes.httpProtocolOptions, { explicitHttpConfig: { http2ProtocolOptions: {} } }),
    },
  };
}

function sdsSecret(name: string): Json {
  return {
    name,
    sdsConfig: {
      apiConfigSource: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{ envoyGrpc: { clusterName: sdsClusterName } }] },
      resourceApiVersion: 'V3',
    },
  };
}

/** Whether a certificate or a validation context is fetched over SDS (so the SDS cluster is needed). */
export function usesSds(certificate: CertificateSource | undefined, validation: Validation | undefined): boolean {
  return Boolean(certificate?.sds || certificate?.acm || validation?.trust.sds || validation?.trust.acm);
}

/**
 * The proxy's own certificate. ACM certificates cannot be exported outside
 * AWS, so an ACM certificate becomes an SDS secret named by its ARN: an SDS
 * server on the host that can fetch it (or a stand-in) serves it by that name.
 */
export function certificateContext(certificate: CertificateSource | undefined): Json {
  if (certificate?.file) return { tlsCertificates: [{ certificateChain: { filename: certificate.file.certificateChain }, privateKey: { filename: certificate.file.privateKey } }] };
  if (certificate?.sds) return { tlsCertificateSdsSecretConfigs: [sdsSecret(certificate.sds.secretName)] };
  if (certificate?.acm) return { tlsCertificateSdsSecretConfigs: [sdsSecret(certificate.acm.certificateArn)] };
  return {};
}

/**
 * How the peer's certificate is checked: a trust bundle from a file, or
 * from SDS (ACM Private CA trust as an SDS secret named by the CA ARNs, for
 * the same reason as above), and optionally its subject alternative names.
 * SAN matchers cannot ride on an SDS validation context alone, so SDS trust
 * with SANs is a combined validation context.
 */
export function validationContext(validation: Validation | undefined): Json {
  if (!validation) return {};
  const sans = sanMatchers(validation.subjectAlternativeNames?.match.exact ?? []);
  const { trust } = validation;
  if (trust.file) return { validationContext: { trustedCa: { filename: trust.file.certificateChain }, ...sans } };
  const secret = trust.sds?.secretName ?? trust.acm?.certificateAuthorityArns.join(',');
  if (!secret) return {};
  if (Object.keys(sans).length === 0) return { validationContextSdsSecretConfig: sdsSecret(secret) };
  return { combinedValidationContext: { defaultValidationContext: sans, validationContextSdsSecretConfig: sdsSecret(secret) } };
}

/**
 * App Mesh matched SANs exactly, whatever their type. SPIFFE IDs (the SDS
 * case) are URI SANs and host names are DNS SANs, so a name with a scheme
 * is matched as a URI and anything else as a DNS name.
 */
function sanMatchers(names: readonly string[]): Json {
  if (names.length === 0) return {};
  return { matchTypedSubjectAltNames: names.map((name) => ({ sanType: /^[a-z][a-z0-9+.-]*:\/\//i.test(name) ? 'URI' : 'DNS', matcher: { exact: name } })) };
}

/** HTTP/2 and gRPC negotiate h2 over TLS (gRPC clients insist on it); HTTP/1.1 and TCP offer nothing. */
export function alpn(protocol: Protocol): Json {
  return protocol === 'http2' || protocol === 'grpc' ? { alpnProtocols: ['h2'] } : {};
}
