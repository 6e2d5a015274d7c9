// The bootstrap checked against Envoy's own v3 .proto files: every field name,
// enum and nested message must exist, and nothing may be lost on the way
// through the encoding (a misspelt field is silently dropped by fromObject).
import { describe, expect, it } from 'vitest';
import { adminFromEnv, envoyBootstrap, renderBootstrap, xdsEndpoint } from '../../proxy-agent/envoy/bootstrap.js';
import { roundTrip } from './bootstrapProto.js';

type Json = Record<string, unknown>;

const node = { mesh: 'shop', kind: 'virtualNode', name: 'cart-v1' } as const;

describe('envoyBootstrap', () => {
  it('is a valid Envoy v3 Bootstrap that survives its own encoding unchanged', () => {
    for (const [xdsAddress, adminIpv6] of [['127.0.0.1:15010', false], ['unix:/run/weft/xds.sock', true]] as const) {
      const { sent, received, error } = roundTrip(envoyBootstrap({ identity: node, xdsAddress, region: 'eu-west-1', adminIpv6 }));
      expect(error).toBeNull();
      expect(received).toEqual(sent);
    }
  });

  it('would catch a misspelt field, because fromObject drops it silently', () => {
    const bootstrap = envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010' });
    const { sent, received } = roundTrip({ ...bootstrap, stats_config: { use_all_default_tag: true } });
    expect(received).not.toEqual(sent);
  });

  it("names the proxy as App Mesh's image did, in node id and node cluster, with only the listener tags unless asked for more", () => {
    const bootstrap = envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010' });
    expect(bootstrap['node']).toMatchObject({ id: 'mesh/shop/virtualNode/cart-v1', cluster: 'mesh/shop/virtualNode/cart-v1' });
    expect(bootstrap['stats_config']).toEqual({
      stats_tags: [{ tag_name: 'appmesh.listener_protocol', regex: expect.any(String) }, { tag_name: 'appmesh.listener_port', regex: expect.any(String) }, { tag_name: 'envoy_rds_route_config', regex: expect.any(String) }],
      use_all_default_tags: true,
    });
    const gateway = envoyBootstrap({ identity: { mesh: 'shop', kind: 'virtualGateway', name: 'edge' }, xdsAddress: '127.0.0.1:15010' });
    expect(gateway['node']).toMatchObject({ id: 'mesh/shop/virtualGateway/edge' });
  });

  it("tags listener protocol and port out of the ingress.<protocol>.<port> stat prefix, as App Mesh's image did", () => {
    const tags = ((envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010' })['stats_config'] as Json)['stats_tags'] as Json[]).filter((t) => 'regex' in t);
    expect(tags.map((t) => t['tag_name'])).toEqual(['appmesh.listener_protocol', 'appmesh.listener_port', 'envoy_rds_route_config']);
    // Envoy's tag extraction: each regex runs on the full name; its second capture group is the
    // value, and its first is cut out of the name once all have run.
    const extract = (name: string) => {
      const values: Record<string, string> = {};
      const cut = new Set<number>();
      for (const tag of tags) {
        const match = new RegExp(String(tag['regex']), 'd').exec(name);
        const [start, end] = match?.indices?.[1] ?? [0, 0];
        if (match?.[2] === undefined || start === end) continue;
        values[String(tag['tag_name'])] = match[2];
        for (let i = start; i < end; i++) cut.add(i);
      }
      return { values, rest: [...name].filter((_, i) => !cut.has(i)).join('') };
    };
    expect(extract('http.ingress.http.8080.downstream_rq_2xx')).toEqual({ values: { 'appmesh.listener_protocol': 'http', 'appmesh.listener_port': '8080' }, rest: 'http.ingress.downstream_rq_2xx' });
    expect(extract('listener.0.0.0.0_15000.http.ingress.grpc.9090.downstream_rq_completed').values).toEqual({ 'appmesh.listener_protocol': 'grpc', 'appmesh.listener_port': '9090' });
    expect(extract('http.egress.downstream_rq_2xx').values).toEqual({});
  });

  it("serves admin on all interfaces as App Mesh's image did: 0.0.0.0:9901, or :: with IPv4 mapped when IPv6 is asked for", () => {
    const address = (b: Json) => (b['admin'] as Json)['address'];
    expect(address(envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010' }))).toEqual({ socket_address: { address: '0.0.0.0', port_value: 9901 } });
    expect(address(envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010', adminPort: 19000 }))).toEqual({ socket_address: { address: '0.0.0.0', port_value: 19000 } });
    expect(address(envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010', adminIpv6: true }))).toEqual({ socket_address: { address: '::', port_value: 9901, ipv4_compat: true } });
  });

  it('takes the admin port and IPv6 from ENVOY_ADMIN_ACCESS_PORT and ENVOY_ADMIN_ACCESS_ENABLE_IPV6, refusing a port that is not one', () => {
    expect(adminFromEnv({})).toEqual({ adminPort: 9901, adminIpv6: false });
    expect(adminFromEnv({ ENVOY_ADMIN_ACCESS_PORT: '9902', ENVOY_ADMIN_ACCESS_ENABLE_IPV6: 'true' })).toEqual({ adminPort: 9902, adminIpv6: true });
    expect(adminFromEnv({ ENVOY_ADMIN_ACCESS_ENABLE_IPV6: 'false' }).adminIpv6).toBe(false);
    expect(() => adminFromEnv({ ENVOY_ADMIN_ACCESS_PORT: 'admin' })).toThrow(/ENVOY_ADMIN_ACCESS_PORT/);
    expect(() => adminFromEnv({ ENVOY_ADMIN_ACCESS_PORT: '70000' })).toThrow(/ENVOY_ADMIN_ACCESS_PORT/);
  });

  it('defines the ADS cluster and the SDS cluster statically, both over HTTP/2', () => {
    const clusters = ((envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010' })['static_resources'] as Json)['clusters'] as Json[]);
    expect(clusters.map((c) => c['name'])).toEqual(['xds_cluster', 'static_cluster_sds_unix_socket']);
    expect(JSON.stringify(clusters[1])).toContain('/run/spire/sockets/agent.sock');
    for (const cluster of clusters) expect(JSON.stringify(cluster['typed_extension_protocol_options'])).toContain('"http2_protocol_options":{}');
  });

  it('dials the agent where it listens: unix socket, IP, wildcard bind, or host name', () => {
    expect(xdsEndpoint('unix:/run/weft/xds.sock')).toEqual({ type: 'STATIC', address: { pipe: { path: '/run/weft/xds.sock' } } });
    expect(xdsEndpoint('unix:///run/weft/xds.sock')).toEqual({ type: 'STATIC', address: { pipe: { path: '/run/weft/xds.sock' } } });
    expect(xdsEndpoint('127.0.0.1:15010')).toEqual({ type: 'STATIC', address: { socket_address: { address: '127.0.0.1', port_value: 15010 } } });
    expect(xdsEndpoint('0.0.0.0:15010').address).toEqual({ socket_address: { address: '127.0.0.1', port_value: 15010 } });
    expect(xdsEndpoint('[::1]:15010').address).toEqual({ socket_address: { address: '::1', port_value: 15010 } });
    expect(xdsEndpoint('agent.local:15010').type).toBe('STRICT_DNS');
    expect(() => xdsEndpoint('15010')).toThrow(/not an xDS address/);
  });

  it('renders text that reads back as the same bootstrap', () => {
    const bootstrap = envoyBootstrap({ identity: node, xdsAddress: 'unix:/run/weft/xds.sock' });
    expect(JSON.parse(renderBootstrap(bootstrap))).toEqual(bootstrap);
  });
});
