import { describe, expect, it } from 'vitest';
import { callerSnapshot, ownSnapshot, resource } from './nodeSnapshot.testSupport.js';

const cluster = 'cds_egress_demo_api_http_8080';
const listeners = [{ portMapping: { port: 8080, protocol: 'http' } }];
const dnsCluster = (dns: object, meshSpec: object = {}) => resource(callerSnapshot({ listeners, serviceDiscovery: { dns: { hostname: 'api.local', ...dns } } }, meshSpec), 'cluster', cluster);

describe('DNS service discovery', () => {
  it('resolves a load balancer name as one logical host', () => {
    expect(dnsCluster({})).toMatchObject({ type: 'LOGICAL_DNS' });
    expect(dnsCluster({ responseType: 'LOADBALANCER' })).toMatchObject({ type: 'LOGICAL_DNS' });
  });

  it('balances over every address the name returns with the ENDPOINTS response type', () => {
    expect(dnsCluster({ responseType: 'ENDPOINTS' })).toMatchObject({ type: 'STRICT_DNS' });
  });

  it("maps the node's IP preference to Envoy's DNS lookup family", () => {
    expect(dnsCluster({ ipPreference: 'IPv4_ONLY' })['dnsLookupFamily']).toBe('V4_ONLY');
    expect(dnsCluster({ ipPreference: 'IPv6_ONLY' })['dnsLookupFamily']).toBe('V6_ONLY');
    expect(dnsCluster({ ipPreference: 'IPv4_PREFERRED' })['dnsLookupFamily']).toBe('V4_PREFERRED');
    // AUTO (IPv6 first) is Envoy's default, and App Mesh's with no preference.
    expect(dnsCluster({ ipPreference: 'IPv6_PREFERRED' })['dnsLookupFamily']).toBeUndefined();
    expect(dnsCluster({})['dnsLookupFamily']).toBeUndefined();
  });

  it("falls back to the mesh's IP preference, which the node's own overrides", () => {
    const mesh = { serviceDiscovery: { ipPreference: 'IPv4_ONLY' } };
    expect(dnsCluster({}, mesh)['dnsLookupFamily']).toBe('V4_ONLY');
    expect(dnsCluster({ ipPreference: 'IPv6_ONLY' }, mesh)['dnsLookupFamily']).toBe('V6_ONLY');
  });

  it('reaches the local app over IPv6 loopback when the preference is IPv6', () => {
    const address = (ipPreference?: string) => {
      const snapshot = ownSnapshot({ listeners, serviceDiscovery: { dns: { hostname: 'api.local', ...(ipPreference ? { ipPreference } : {}) } } });
      return JSON.stringify(resource(snapshot, 'cluster', 'cds_ingress_demo_api_http_8080')['loadAssignment']);
    };
    expect(address('IPv6_PREFERRED')).toContain('"::1"');
    expect(address()).toContain('"127.0.0.1"');
  });
});

describe('Cloud Map service discovery', () => {
  const cloudMap = (extra: object = {}) => ({ listeners, serviceDiscovery: { awsCloudMap: { namespaceName: 'demo.local', serviceName: 'api', attributes: [{ key: 'stage', value: 'prod' }], ...extra } } });
  const instance = (instanceId: string, ips: { ipv4?: string; ipv6?: string }, stage = 'prod') => ({ namespace: 'demo.local', service: 'api', instanceId, ...ips, port: 31000, attributes: { stage } });
  const addresses = (snapshot: ReturnType<typeof callerSnapshot>) =>
    ((resource(snapshot, 'endpoint', cluster)['endpoints'] as { lbEndpoints: { endpoint: { address: { socketAddress: object } } }[] }[] | undefined) ?? []).flatMap((l) =>
      l.lbEndpoints.map((e) => e.endpoint.address.socketAddress),
    );

  it('serves the instances whose attributes match over EDS, on the listener port', () => {
    const snapshot = callerSnapshot(cloudMap(), {}, [instance('b', { ipv4: '10.0.0.2' }), instance('a', { ipv4: '10.0.0.1' }), instance('c', { ipv4: '10.0.0.3' }, 'dev')]);
    expect(resource(snapshot, 'cluster', cluster)).toMatchObject({ type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' } } });
    expect(addresses(snapshot)).toEqual([
      { address: '10.0.0.1', portValue: 8080 },
      { address: '10.0.0.2', portValue: 8080 },
    ]);
  });

  it('prefers IPv4 by default and honours the node, then the mesh, IP preference', () => {
    const instances = [instance('a', { ipv4: '10.0.0.1', ipv6: 'fd00::1' }), instance('b', { ipv6: 'fd00::2' })];
    expect(addresses(callerSnapshot(cloudMap(), {}, instances)).map((a) => (a as { address: string }).address)).toEqual(['10.0.0.1', 'fd00::2']);
    expect(addresses(callerSnapshot(cloudMap({ ipPreference: 'IPv6_PREFERRED' }), {}, instances)).map((a) => (a as { address: string }).address)).toEqual(['fd00::1', 'fd00::2']);
    expect(addresses(callerSnapshot(cloudMap(), { serviceDiscovery: { ipPreference: 'IPv4_ONLY' } }, instances)).map((a) => (a as { address: string }).address)).toEqual(['10.0.0.1']);
  });

  it('publishes an empty assignment when no instance matches', () => {
    const snapshot = callerSnapshot(cloudMap(), {}, [instance('c', { ipv4: '10.0.0.3' }, 'dev')]);
    expect(resource(snapshot, 'endpoint', cluster)).toEqual({ clusterName: cluster });
  });
});
