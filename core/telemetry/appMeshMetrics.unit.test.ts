import { describe, expect, it } from 'vitest';
import { appMeshMetrics, inboundDimensions, mergeSamples, outboundDimensions, proxyIdentity } from './appMeshMetrics.js';

describe("App Mesh's metric contract", () => {
  it('names the twelve metrics of the metrics extension with their units and kinds, plus TargetErrorCount', () => {
    // reference/appmesh-envoy.md section 3, row by row.
    expect(appMeshMetrics.map((m) => [m.name, m.direction, m.kind, m.unit])).toEqual([
      ['ActiveConnectionCount', 'inbound', 'gauge', 'Count'],
      ['NewConnectionCount', 'inbound', 'counter', 'Count'],
      ['ProcessedBytes', 'inbound', 'counter', 'Bytes'],
      ['RequestCount', 'inbound', 'counter', 'Count'],
      ['GrpcRequestCount', 'inbound', 'counter', 'Count'],
      ['TargetProcessedBytes', 'outbound', 'counter', 'Bytes'],
      ['HTTPCode_Target_2XX_Count', 'outbound', 'counter', 'Count'],
      ['HTTPCode_Target_3XX_Count', 'outbound', 'counter', 'Count'],
      ['HTTPCode_Target_4XX_Count', 'outbound', 'counter', 'Count'],
      ['HTTPCode_Target_5XX_Count', 'outbound', 'counter', 'Count'],
      ['RequestCountPerTarget', 'outbound', 'counter', 'Count'],
      ['TargetResponseTime', 'outbound', 'histogram', 'Milliseconds'],
      ['TargetErrorCount', 'outbound', 'counter', 'Count'],
    ]);
  });

  it('gives inbound metrics Mesh and the virtual node or gateway, outbound ones the target service and node too, and never a host', () => {
    const node = proxyIdentity('mesh/shop/virtualNode/web');
    const gateway = proxyIdentity('mesh/shop/virtualGateway/edge');
    expect(inboundDimensions(node)).toEqual([['Mesh', 'shop'], ['VirtualNode', 'web']]);
    expect(inboundDimensions(gateway)).toEqual([['Mesh', 'shop'], ['VirtualGateway', 'edge']]);
    expect(outboundDimensions(node, { virtualService: 'api.shop.local', virtualNode: 'api-v1' })).toEqual([
      ['Mesh', 'shop'], ['VirtualNode', 'web'], ['TargetVirtualService', 'api.shop.local'], ['TargetVirtualNode', 'api-v1'],
    ]);
  });

  it('refuses a node id that names no virtual node or gateway', () => {
    expect(() => proxyIdentity('mesh/shop/virtualRouter/r')).toThrow(/not a node id/);
  });

  it('adds up samples of one metric and dimensions, and merges distributions value by value', () => {
    const d = inboundDimensions(proxyIdentity('mesh/m/virtualNode/n'));
    const o = outboundDimensions(proxyIdentity('mesh/m/virtualNode/n'), { virtualService: 's', virtualNode: 't' });
    expect(mergeSamples([
      { metric: 'RequestCount', dimensions: d, value: 2 },
      { metric: 'RequestCount', dimensions: d, value: 3 },
      { metric: 'TargetResponseTime', dimensions: o, values: [3, 7.5], counts: [1, 2] },
      { metric: 'TargetResponseTime', dimensions: o, values: [7.5, 1], counts: [4, 5] },
    ])).toEqual([
      { metric: 'RequestCount', dimensions: d, value: 5 },
      { metric: 'TargetResponseTime', dimensions: o, values: [1, 3, 7.5], counts: [5, 1, 6] },
    ]);
  });
});
