// Golden mesh `tls-and-policies`: listener TLS in every mode with file, SDS
// and ACM certificates and mutual TLS (file and SDS trust, with and without
// SANs); client TLS policies per backend and as backendDefaults (enforce,
// ports, file/SDS certificates, file/ACM trust); health checks of every
// protocol; outlier detection; connection pools of every protocol; access
// logs in text, JSON and the default format.
import type { ClientPolicyTls, VirtualNodeSpec } from '../../../../core/model/appMeshTypes.js';
import { meshLog } from '../../../../core/projection/compile/meshLog.testSupport.js';

const seconds = (value: number) => ({ unit: 's', value }) as const;
const millis = (value: number) => ({ unit: 'ms', value }) as const;
const fileCertificate = (name: string) => ({ file: { certificateChain: `/certs/${name}.pem`, privateKey: `/certs/${name}.key` } });
const spiffe = (name: string) => `spiffe://tls-and-policies/${name}`;

/** One listener per protocol, each with its own TLS mode, certificate source, health check and pool. */
const payments: VirtualNodeSpec = {
  listeners: [
    {
      portMapping: { port: 8443, protocol: 'http' },
      tls: {
        mode: 'STRICT',
        certificate: fileCertificate('payments'),
        validation: { trust: { file: { certificateChain: '/certs/ca.pem' } }, subjectAlternativeNames: { match: { exact: ['shop.tls-and-policies.local', spiffe('shop')] } } },
      },
      healthCheck: { protocol: 'http', path: '/healthz', port: 8443, healthyThreshold: 2, unhealthyThreshold: 3, intervalMillis: 5000, timeoutMillis: 2000 },
      outlierDetection: { maxServerErrors: 5, interval: seconds(10), baseEjectionDuration: seconds(30), maxEjectionPercent: 50 },
      connectionPool: { http: { maxConnections: 100, maxPendingRequests: 25 } },
      timeout: { http: { perRequest: seconds(20), idle: seconds(90) } },
    },
    {
      portMapping: { port: 9443, protocol: 'grpc' },
      tls: {
        mode: 'PERMISSIVE',
        certificate: { sds: { secretName: spiffe('payments') } },
        validation: { trust: { sds: { secretName: 'spiffe://tls-and-policies' } }, subjectAlternativeNames: { match: { exact: [spiffe('shop')] } } },
      },
      healthCheck: { protocol: 'grpc', healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 10000, timeoutMillis: 2000 },
      connectionPool: { grpc: { maxRequests: 512 } },
    },
    {
      portMapping: { port: 7443, protocol: 'http2' },
      tls: { mode: 'STRICT', certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/payments' } } },
      healthCheck: { protocol: 'http2', path: '/ready', healthyThreshold: 3, unhealthyThreshold: 5, intervalMillis: 15000, timeoutMillis: 5000 },
      outlierDetection: { maxServerErrors: 3, interval: millis(500), baseEjectionDuration: millis(1500), maxEjectionPercent: 100 },
      connectionPool: { http2: { maxRequests: 1024 } },
    },
    {
      portMapping: { port: 5432, protocol: 'tcp' },
      tls: { mode: 'PERMISSIVE', certificate: fileCertificate('payments-db') },
      healthCheck: { protocol: 'tcp', port: 5432, healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 30000, timeoutMillis: 3000 },
      outlierDetection: { maxServerErrors: 1, interval: seconds(5), baseEjectionDuration: seconds(60), maxEjectionPercent: 25 },
      connectionPool: { tcp: { maxConnections: 64 } },
    },
  ],
  serviceDiscovery: { dns: { hostname: 'payments.tls-and-policies.local' } },
  logging: { accessLog: { file: { path: '/var/log/envoy/access.log', format: { text: '%START_TIME% %REQ(:METHOD)% %REQ(:PATH)% %RESPONSE_CODE%' } } } },
};

/** Mutual TLS with SDS trust and no SANs; a JSON access log. */
const wallet: VirtualNodeSpec = {
  listeners: [
    {
      portMapping: { port: 8080, protocol: 'http' },
      tls: { mode: 'STRICT', certificate: { sds: { secretName: spiffe('wallet') } }, validation: { trust: { sds: { secretName: 'spiffe://tls-and-policies' } } } },
    },
  ],
  serviceDiscovery: { dns: { hostname: 'wallet.tls-and-policies.local' } },
  logging: { accessLog: { file: { path: '/dev/stdout', format: { json: [{ key: 'status', value: '%RESPONSE_CODE%' }, { key: 'path', value: '%REQ(:PATH)%' }] } } } },
};

/** TLS configured but DISABLED: plaintext. */
const ledger: VirtualNodeSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' }, tls: { mode: 'DISABLED', certificate: fileCertificate('ledger') } }],
  serviceDiscovery: { dns: { hostname: 'ledger.tls-and-policies.local' } },
};

/** The backend's own policy: a file client certificate, file trust with a SAN, on three of payments' four ports. */
const paymentsPolicy: ClientPolicyTls = {
  enforce: true,
  ports: [7443, 8443, 9443],
  certificate: fileCertificate('shop'),
  validation: { trust: { file: { certificateChain: '/certs/ca.pem' } }, subjectAlternativeNames: { match: { exact: ['payments.tls-and-policies.local'] } } },
};

/** backendDefaults: an SDS client certificate, ACM Private CA trust with a SAN, on port 8080 only; enforce left unset (true). */
const defaultPolicy: ClientPolicyTls = {
  ports: [8080],
  certificate: { sds: { secretName: spiffe('shop') } },
  validation: {
    trust: { acm: { certificateAuthorityArns: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/root', 'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/sub'] } },
    subjectAlternativeNames: { match: { exact: ['wallet.tls-and-policies.local'] } },
  },
};

/** The caller: payments with its own policy, wallet under backendDefaults, ledger opting out with enforce false; the default log format. */
const shop: VirtualNodeSpec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
  serviceDiscovery: { dns: { hostname: 'shop.tls-and-policies.local' } },
  backends: [
    { virtualService: { virtualServiceName: 'payments.tls-and-policies.local', clientPolicy: { tls: paymentsPolicy } } },
    { virtualService: { virtualServiceName: 'wallet.tls-and-policies.local' } },
    { virtualService: { virtualServiceName: 'ledger.tls-and-policies.local', clientPolicy: { tls: { ...defaultPolicy, enforce: false } } } },
  ],
  backendDefaults: { clientPolicy: { tls: defaultPolicy } },
  logging: { accessLog: { file: { path: '/dev/stdout' } } },
};

const log = meshLog('tls-and-policies');
const provided = (name: string) => log.created('virtualService', `${name}.tls-and-policies.local`, { provider: { virtualNode: { virtualNodeName: name } } });

export const meshes = [
  {
    name: 'tls-and-policies',
    events: [
      log.mesh({ egressFilter: { type: 'DROP_ALL' } }),
      log.created('virtualNode', 'payments', payments),
      log.created('virtualNode', 'wallet', wallet),
      log.created('virtualNode', 'ledger', ledger),
      provided('payments'),
      provided('wallet'),
      provided('ledger'),
      log.created('virtualNode', 'shop', shop),
    ],
  },
];
