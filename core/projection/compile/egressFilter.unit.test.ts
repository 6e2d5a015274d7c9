import { describe, expect, it } from 'vitest';
import { egressListenerName } from '../envoy/names.js';
import { callerSnapshot, filterChains, firstFilterConfig, ownSnapshot, resource } from './nodeSnapshot.testSupport.js';

const api = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'api.local' } } };

describe('mesh egress filter', () => {
  it('drops what no backend claims under DROP_ALL, but still lets AWS APIs through by SNI', () => {
    const snapshot = callerSnapshot(api, { egressFilter: { type: 'DROP_ALL' } });
    const listener = resource(snapshot, 'listener', egressListenerName);
    expect(listener['defaultFilterChain']).toBeUndefined();
    const aws = filterChains(snapshot, egressListenerName).at(-1)!;
    expect(aws['filterChainMatch']).toEqual({ destinationPort: { value: 443 }, serverNames: ['*.amazonaws.com'] });
    expect(firstFilterConfig(aws)['cluster']).toBe('cds_egress_demo_amazonaws');
    expect(resource(snapshot, 'cluster', 'cds_egress_demo_amazonaws')).toMatchObject({ type: 'ORIGINAL_DST', lbPolicy: 'CLUSTER_PROVIDED' });
    expect(snapshot.resources.cluster.map((c) => c['name'])).not.toContain('cds_egress_demo_mesh-allow-all');
  });

  it('inspects TLS only on port 443, so server-first protocols elsewhere are not held up', () => {
    const filters = resource(callerSnapshot(api), 'listener', egressListenerName)['listenerFilters'] as Record<string, unknown>[];
    expect(filters.map((f) => f['name'])).toEqual(['envoy.filters.listener.original_dst', 'envoy.filters.listener.tls_inspector']);
    expect(filters[1]!['filterDisabled']).toEqual({ notMatch: { destinationPortRange: { start: 443, end: 444 } } });
  });

  it('passes everything else through to its original destination under ALLOW_ALL, HTTP to unknown hosts included', () => {
    const snapshot = callerSnapshot(api, { egressFilter: { type: 'ALLOW_ALL' } });
    const fallback = resource(snapshot, 'listener', egressListenerName)['defaultFilterChain'] as Record<string, unknown>;
    expect(firstFilterConfig(fallback)).toMatchObject({ statPrefix: 'egress', cluster: 'cds_egress_demo_mesh-allow-all' });
    const hosts = resource(snapshot, 'route', 'rds_egress_http_8080')['virtualHosts'] as Record<string, unknown>[];
    expect(hosts.at(-1)).toEqual({ name: 'allow_all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'cds_egress_demo_mesh-allow-all' } }] });
  });

  it('gives a node without backends an egress listener too, for AWS APIs', () => {
    expect(filterChains(ownSnapshot({}), egressListenerName)).toHaveLength(1);
  });
});
