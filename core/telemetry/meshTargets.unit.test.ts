import { describe, expect, it } from 'vitest';
import { goldenSnapshot } from '../../test/projection/goldenFiles.js';
import { meshTargets } from './meshTargets.js';

describe('where a snapshot says the stats come from', () => {
  it("maps a gateway's egress clusters to their TargetVirtualNode and the virtual services whose routes reach them", () => {
    const targets = meshTargets(goldenSnapshot('gateway/virtualGateway/edge'));
    expect(targets.proxy).toEqual({ mesh: 'gateway', kind: 'VirtualGateway', name: 'edge' });
    expect([...targets.egress.values()]).toEqual([
      { cluster: 'cds_egress_gateway_api-v1_http_8080', virtualNode: 'api-v1', virtualServices: ['api.gateway.local'], protocol: 'http' },
      { cluster: 'cds_egress_gateway_api-v2_http_8080', virtualNode: 'api-v2', virtualServices: ['api.gateway.local'], protocol: 'http' },
      { cluster: 'cds_egress_gateway_rpc_grpc_50051', virtualNode: 'rpc', virtualServices: ['rpc.gateway.local'], protocol: 'grpc' },
      { cluster: 'cds_egress_gateway_stream_http2_8090', virtualNode: 'stream', virtualServices: ['stream.gateway.local'], protocol: 'http2' },
      { cluster: 'cds_egress_gateway_web_http_8080', virtualNode: 'web', virtualServices: ['web.gateway.local'], protocol: 'http' },
    ]);
  });

  it('leaves out the clusters that are not mesh targets: self-redirect, SDS, amazonaws, ingress', () => {
    const edge = meshTargets(goldenSnapshot('gateway/virtualGateway/edge'));
    expect([...edge.egress.keys()].filter((c) => /self_redirect|sds|ingress/.test(c))).toEqual([]);
    const frontend = meshTargets(goldenSnapshot('http-routing/virtualNode/frontend'));
    expect([...frontend.egress.keys()]).toEqual([
      'cds_egress_http-routing_catalog-v1_http_8080',
      'cds_egress_http-routing_catalog-v2_http_8080',
      'cds_egress_http-routing_catalog-v2_http_9080',
    ]);
  });

  it('finds the ingress listeners (for connection stats) and their stat prefixes ingress.<protocol>.<port>', () => {
    const edge = meshTargets(goldenSnapshot('gateway/virtualGateway/edge'));
    expect(edge.ingressListeners).toEqual(['0.0.0.0_8080', '0.0.0.0_8081', '0.0.0.0_8443', '0.0.0.0_9443']);
    expect(edge.ingressFilters).toEqual([
      { statPrefix: 'ingress.http2.8080', protocol: 'http2', filter: 'http' },
      { statPrefix: 'ingress.http.8081', protocol: 'http', filter: 'http' },
      { statPrefix: 'ingress.http.8443', protocol: 'http', filter: 'http' },
      { statPrefix: 'ingress.grpc.9443', protocol: 'grpc', filter: 'http' },
    ]);
    const db = meshTargets(goldenSnapshot('grpc-and-tcp/virtualNode/db'));
    expect(db.ingressFilters).toEqual([{ statPrefix: 'ingress.tcp.5432', protocol: 'tcp', filter: 'tcp' }]);
  });

  it('finds no virtual service for clusters only a TCP proxy reaches: its filter carries no tag', () => {
    const checkout = meshTargets(goldenSnapshot('grpc-and-tcp/virtualNode/checkout'));
    expect(checkout.egress.get('cds_egress_grpc-and-tcp_db_tcp_5432')).toEqual({ cluster: 'cds_egress_grpc-and-tcp_db_tcp_5432', virtualNode: 'db', virtualServices: [], protocol: 'tcp' });
  });
});
