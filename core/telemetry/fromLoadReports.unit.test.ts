import { describe, expect, it } from 'vitest';
import { goldenSnapshot } from '../../test/projection/goldenFiles.js';
import type { ClusterStats } from './fromLoadReports.js';
import { fromLoadReports } from './fromLoadReports.js';
import { meshTargets } from './meshTargets.js';

// ClusterStats as the agent's LRS server decodes envoy.service.load_stats.v3
// reports from a proxyless gRPC client (@grpc/grpc-js-xds reports per cluster).
const checkout = meshTargets(goldenSnapshot('grpc-and-tcp/virtualNode/checkout'));
const orders = [['Mesh', 'grpc-and-tcp'], ['VirtualNode', 'checkout'], ['TargetVirtualService', 'orders.grpc-and-tcp.local'], ['TargetVirtualNode', 'orders']];
const canary = [['Mesh', 'grpc-and-tcp'], ['VirtualNode', 'checkout'], ['TargetVirtualService', 'orders.grpc-and-tcp.local'], ['TargetVirtualNode', 'orders-canary']];

const report = (cluster: string, localities: { ok: number; errors: number; issued: number; inProgress?: number }[], dropped = 0): ClusterStats => ({
  cluster_name: cluster,
  upstream_locality_stats: localities.map((l) => ({ total_successful_requests: String(l.ok), total_error_requests: String(l.errors), total_issued_requests: String(l.issued), total_requests_in_progress: String(l.inProgress ?? 0), load_metric_stats: [] })),
  total_dropped_requests: String(dropped),
  load_report_interval: { seconds: '10', nanos: 0 },
});

describe('per-target requests and errors from LRS load reports', () => {
  it("sums a cluster's localities: issued requests per target, non-OK calls as errors", () => {
    const metrics = fromLoadReports(checkout, [report('cds_egress_grpc-and-tcp_orders_grpc_50051', [{ ok: 90, errors: 3, issued: 95, inProgress: 2 }, { ok: 10, errors: 1, issued: 11 }])]);
    expect(metrics.samples).toEqual([
      { metric: 'RequestCountPerTarget', dimensions: orders, value: 106 },
      { metric: 'TargetErrorCount', dimensions: orders, value: 4 },
    ]);
  });

  it('adds up the reports received in the interval, since each one already holds only the counts since the previous one', () => {
    const metrics = fromLoadReports(checkout, [
      report('cds_egress_grpc-and-tcp_orders_grpc_50051', [{ ok: 5, errors: 0, issued: 5 }]),
      report('cds_egress_grpc-and-tcp_orders-canary_grpc_50051', [{ ok: 1, errors: 1, issued: 2 }]),
      report('cds_egress_grpc-and-tcp_orders_grpc_50051', [{ ok: 7, errors: 1, issued: 8 }]),
    ]);
    expect(metrics.samples).toEqual([
      { metric: 'RequestCountPerTarget', dimensions: orders, value: 13 },
      { metric: 'TargetErrorCount', dimensions: orders, value: 1 },
      { metric: 'RequestCountPerTarget', dimensions: canary, value: 2 },
      { metric: 'TargetErrorCount', dimensions: canary, value: 1 },
    ]);
  });

  it('counts requests the client dropped as requests that failed', () => {
    const metrics = fromLoadReports(checkout, [report('cds_egress_grpc-and-tcp_orders_grpc_50051', [{ ok: 4, errors: 0, issued: 4 }], 2)]);
    expect(metrics.samples.map((s) => 'value' in s && s.value)).toEqual([6, 2]);
  });

  it('reads uint64s given as numbers, strings or bigints alike', () => {
    const metrics = fromLoadReports(checkout, [{ cluster_name: 'cds_egress_grpc-and-tcp_orders_grpc_50051', upstream_locality_stats: [{ total_issued_requests: 3, total_error_requests: 1n }] }]);
    expect(metrics.samples.map((s) => 'value' in s && s.value)).toEqual([3, 1]);
  });

  it('ignores clusters that are not mesh targets and names the ones it cannot attribute', () => {
    const metrics = fromLoadReports(checkout, [
      report('cds_egress_grpc-and-tcp_amazonaws', [{ ok: 1, errors: 0, issued: 1 }]),
      report('xds_cluster', [{ ok: 1, errors: 0, issued: 1 }]),
      report('cds_egress_grpc-and-tcp_db_tcp_5432', [{ ok: 1, errors: 0, issued: 1 }]),
    ]);
    expect(metrics.samples).toEqual([]);
    expect(metrics.unattributed).toEqual([{ cluster: 'cds_egress_grpc-and-tcp_db_tcp_5432', virtualServices: [] }]);
  });
});
