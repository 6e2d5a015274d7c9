// The descriptor-driven encoder against protobufjs reflection on the same
// types: the same bytes for what both accept (packed numbers, enums, maps,
// 64-bit values, bytes, nested Anys), and a clear refusal where protobufjs
// would silently drop or mangle what it was given.
import { describe, expect, it } from 'vitest';
import { envoyDescriptor, envoyRoot } from './envoyMessages.js';
import { ProtoEncoder } from './protoEncoder.js';

const encoder = new ProtoEncoder(envoyDescriptor);
const bothWays = (typeName: string, object: Record<string, unknown>) => {
  const type = envoyRoot().lookupType(typeName);
  return { ours: Buffer.from(encoder.encode(typeName, object)).toString('hex'), protobufjs: Buffer.from(type.encode(type.fromObject(object)).finish()).toString('hex') };
};

describe('ProtoEncoder', () => {
  it('writes packed repeated numbers and enums as protobufjs does', () => {
    const routeConfig = {
      name: 'r',
      virtualHosts: [{
        name: 'vh',
        domains: ['a', 'b'],
        retryPolicy: { retryOn: '5xx', numRetries: { value: 3 }, retriableStatusCodes: [503, 504, 0], retriableRequestHeaders: [] },
        routes: [{ match: { prefix: '/', runtimeFraction: { defaultValue: { numerator: 5, denominator: 'TEN_THOUSAND' } } }, route: { cluster: 'c' } }],
      }],
    };
    const { ours, protobufjs } = bothWays('envoy.config.route.v3.RouteConfiguration', routeConfig);
    expect(ours).toBe(protobufjs);
    expect(ours).toContain(Buffer.from([0xf7, 0x03, 0xf8, 0x03, 0x00]).toString('hex')); // 503, 504, 0 as one packed run
  });

  it('writes maps, 64-bit integers, bytes and Struct values as protobufjs does', () => {
    const cluster = {
      name: 'c',
      metadata: { filterMetadata: { 'envoy.lb': { fields: { canary: { boolValue: true }, weight: { numberValue: 1.5 }, tag: { stringValue: 'v2' } } } } },
      maxRequestsPerConnection: { value: 7 },
      loadAssignment: { clusterName: 'c', endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '10.0.0.1', portValue: 80 } } }, loadBalancingWeight: { value: 2 } }] }] },
      transportSocket: { name: 'tls', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext', sni: 'x', commonTlsContext: { validationContext: { trustedCa: { inlineBytes: Buffer.from('pem').toString('base64') } } } } },
      lbSubsetConfig: { subsetSelectors: [{ keys: ['a'] }] },
      dnsRefreshRate: { seconds: '9007199254740993', nanos: 0 },
    };
    const { ours, protobufjs } = bothWays('envoy.config.cluster.v3.Cluster', cluster);
    expect(ours).toBe(protobufjs);
  });

  it('refuses what protobufjs would drop or mangle, naming the path', () => {
    const refuse = (object: Record<string, unknown>) => () => encoder.encode('envoy.config.cluster.v3.Cluster', object);
    expect(refuse({ name: 'c', lbPolicy: 'ROUND_ROBBIN' })).toThrow(/\.lbPolicy: "ROUND_ROBBIN" is not a LbPolicy/);
    expect(refuse({ name: 'c', connectTimeout: { seconds: 1.5 } })).toThrow(/\.connectTimeout\.seconds: int64 expected/);
    expect(refuse({ name: 7 })).toThrow(/\.name: string expected/);
    expect(refuse({ name: 'c', type: 'EDS', clusterType: { name: 'x' } })).toThrow(/type and clusterType are both set/);
    expect(refuse({ name: 'c', loadAssignment: { endpoints: {} } })).toThrow(/\.loadAssignment\.endpoints: array expected/);
    expect(refuse({ name: 'c', connectTimeout: 5 })).toThrow(/\.connectTimeout: object expected/);
    expect(refuse({ name: 'c', transportSocket: { name: 't', typedConfig: { '@type': 'type.googleapis.com/acme.Tls' } } })).toThrow(/Any of unknown type 'type.googleapis.com\/acme.Tls'/);
  });
});
