import type { MetricSample, ScalarMetricName } from './appMeshMetrics.js';

// The edge gateway's metrics for the interval between fixtures/edge.*.1 and
// edge.*.2, worked out by hand from the two readings.
export const inbound = [['Mesh', 'gateway'], ['VirtualGateway', 'edge']] as const;
export const to = (virtualService: string, virtualNode: string) => [...inbound, ['TargetVirtualService', virtualService], ['TargetVirtualNode', virtualNode]] as const;

function target(dimensions: ReturnType<typeof to>, v: { c2: number; c3: number; c4: number; c5: number; requests: number; bytes: number; errors: number }): MetricSample[] {
  const s = (metric: ScalarMetricName, value: number) => ({ metric, dimensions, value });
  return [s('HTTPCode_Target_2XX_Count', v.c2), s('HTTPCode_Target_3XX_Count', v.c3), s('HTTPCode_Target_4XX_Count', v.c4), s('HTTPCode_Target_5XX_Count', v.c5), s('RequestCountPerTarget', v.requests), s('TargetProcessedBytes', v.bytes), s('TargetErrorCount', v.errors)];
}

/** The interval's metrics, worked out by hand from the two fixture readings. */
export const expectedEdgeScalars: MetricSample[] = [
  { metric: 'ActiveConnectionCount', dimensions: inbound, value: 3 + 1 + 4 + 2 },
  { metric: 'NewConnectionCount', dimensions: inbound, value: 10 + 2 + 15 + 3 },
  { metric: 'ProcessedBytes', dimensions: inbound, value: (1000 + 200 + 1500 + 400) + (5000 + 1000 + 7500 + 2000) },
  { metric: 'RequestCount', dimensions: inbound, value: 100 + 20 + 150 + 40 },
  { metric: 'GrpcRequestCount', dimensions: inbound, value: 40 },
  // 5 5xx + 1 connect failure
  ...target(to('api.gateway.local', 'api-v1'), { c2: 110, c3: 1, c4: 4, c5: 5, requests: 120, bytes: 12000 + 2400, errors: 6 }),
  ...target(to('api.gateway.local', 'api-v2'), { c2: 40, c3: 0, c4: 0, c5: 0, requests: 40, bytes: 4000 + 800, errors: 0 }),
  // gRPC answers with HTTP 200; its 3 failures come from the gRPC stats filter
  ...target(to('rpc.gateway.local', 'rpc'), { c2: 40, c3: 0, c4: 0, c5: 0, requests: 40, bytes: 4000 + 800, errors: 3 }),
  ...target(to('stream.gateway.local', 'stream'), { c2: 0, c3: 0, c4: 0, c5: 0, requests: 0, bytes: 0, errors: 0 }),
  // 8 5xx + 2 requests failed on a pending connection
  ...target(to('web.gateway.local', 'web'), { c2: 100, c3: 0, c4: 2, c5: 8, requests: 110, bytes: 11000 + 2200, errors: 10 }),
];

export const expectedEdgeResponseTimes: MetricSample[] = [
  { metric: 'TargetResponseTime', dimensions: to('api.gateway.local', 'api-v1'), values: [3, 7.5, 17.5, 37.5, 175], counts: [20, 50, 40, 8, 2] },
  { metric: 'TargetResponseTime', dimensions: to('api.gateway.local', 'api-v2'), values: [3], counts: [40] },
  { metric: 'TargetResponseTime', dimensions: to('rpc.gateway.local', 'rpc'), values: [0.75, 3], counts: [10, 30] },
  { metric: 'TargetResponseTime', dimensions: to('web.gateway.local', 'web'), values: [7.5, 17.5, 750, 3750], counts: [60, 40, 8, 2] },
];

