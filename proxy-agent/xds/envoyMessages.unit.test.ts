import { describe, expect, it } from 'vitest';
import { dnsNode, meshLog, snapshotOf } from '../../core/projection/compile/meshLog.testSupport.js';
import { resourceName } from '../../core/projection/compile/envoyConfig.js';
import { canonicalJson } from '../../core/projection/snapshot.js';
import type { ResourceType } from '../../core/projection/envoy/typeUrls.js';
import { anyTypes, resourceTypes, typeUrls } from '../../core/projection/envoy/typeUrls.js';
import { decodeResource, encodeResource, envoyRoot, messageType, toAny } from './envoyMessages.js';

const hcm = {
  '@type': anyTypes.httpConnectionManager,
  statPrefix: 'ingress',
  routeConfig: { name: 'inline', virtualHosts: [{ name: 'vh', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'c', timeout: { seconds: 15 } } }] }] },
  httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': anyTypes.router } }],
};
const listenerWithAnys = {
  name: 'lds_ingress_0.0.0.0_15000',
  address: { socketAddress: { address: '0.0.0.0', portValue: 15000 } },
  listenerFilters: [{ name: 'envoy.filters.listener.tls_inspector', typedConfig: { '@type': anyTypes.tlsInspector } }],
  filterChains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: hcm }] }],
};

describe('Envoy messages', () => {
  it('knows every resource type and every type the compiler embeds in an Any', () => {
    const all = [...Object.values(typeUrls), ...Object.values(anyTypes)];
    expect(all.filter((url) => !envoyRoot().lookup(url.slice(url.lastIndexOf('/') + 1)))).toEqual([]);
  });

  it('encodes nested `@type` objects as real Anys and decodes them back to the same object', () => {
    const bytes = encodeResource(typeUrls.listener, listenerWithAnys);

    // Decoded with a plain toObject, the filter's config is an Any holding the encoded HttpConnectionManager.
    const type = messageType(typeUrls.listener);
    const raw = type.toObject(type.decode(bytes)) as { filterChains: { filters: { typedConfig: { type_url: string; value: Uint8Array } }[] }[] };
    const any = raw.filterChains[0]?.filters[0]?.typedConfig;
    expect(any?.type_url).toBe(anyTypes.httpConnectionManager);
    expect(decodeResource(anyTypes.httpConnectionManager, any!.value)).toMatchObject({ statPrefix: 'ingress' });

    expect(decodeResource(typeUrls.listener, bytes)).toEqual(listenerWithAnys);
  });

  it('wraps a resource in the Any a DiscoveryResponse carries', () => {
    const any = toAny(typeUrls.cluster, { name: 'c', type: 'EDS', connectTimeout: { seconds: 1 } });
    expect(any.type_url).toBe(typeUrls.cluster);
    expect(decodeResource(any.type_url, any.value)).toEqual({ name: 'c', type: 'EDS', connectTimeout: { seconds: 1 } });
  });

  it('refuses a field the proto does not have, instead of silently dropping it', () => {
    expect(() => encodeResource(typeUrls.cluster, { name: 'c', conectTimeout: { seconds: 1 } })).toThrow(/\.conectTimeout/);
    const misspeltInsideAny = { ...listenerWithAnys, filterChains: [{ filters: [{ name: 'hcm', typedConfig: { ...hcm, statPrefx: 'x' } }] }] };
    expect(() => encodeResource(typeUrls.listener, misspeltInsideAny)).toThrow(/HttpConnectionManager>\.statPrefx/);
  });

  it('refuses an Any whose type is not loaded', () => {
    const unknownFilter = { name: 'l', filterChains: [{ filters: [{ name: 'x', typedConfig: { '@type': 'type.googleapis.com/acme.Filter' } }] }] };
    expect(() => encodeResource(typeUrls.listener, unknownFilter)).toThrow(/acme\.Filter/);
  });

  it('round-trips every resource of a compiled virtual node unchanged', () => {
    const log = meshLog();
    const snapshot = snapshotOf([
      log.mesh({ egressFilter: { type: 'ALLOW_ALL' } }),
      log.created('virtualNode', 'api', { ...dnsNode('api.local', 8080, 'grpc'), logging: { accessLog: { file: { path: '/dev/stdout' } } } }),
      log.created('virtualService', 'api.local', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
      log.created('virtualNode', 'web', { ...dnsNode('web.local', 80, 'http'), backends: [{ virtualService: { virtualServiceName: 'api.local' } }] }),
    ], 'virtualNode/web');

    const changed = resourceTypes.flatMap((type: ResourceType) =>
      snapshot.resources[type].filter((r) => canonicalJson(decodeResource(typeUrls[type], encodeResource(typeUrls[type], r))) !== canonicalJson(r)).map(resourceName),
    );
    expect(snapshot.resources.listener.length).toBeGreaterThan(0);
    expect(changed).toEqual([]);
  });
});
