import { describe, expect, it } from 'vitest';
import type { MetricSample } from './appMeshMetrics.js';
import { expectedEdgeResponseTimes, expectedEdgeScalars } from './edgeExpected.testSupport.js';
import { parsePrometheus, parseStatsJson, statKey } from './envoyStats.js';
import type { EnvoyStatsReading } from './envoyStats.js';
import { fixture } from '../../test/telemetry/fixtures.js';
import { goldenSnapshot } from '../../test/projection/goldenFiles.js';
import { fromEnvoyStats } from './fromEnvoyStats.js';
import { meshTargets } from './meshTargets.js';

// Two readings of the edge gateway's Envoy (fixtures/edge.*), with the stat
// names Envoy documents; Envoy itself cannot run here.
const edge = meshTargets(goldenSnapshot('gateway/virtualGateway/edge'));
const sorted = (samples: readonly MetricSample[]) => [...samples].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("App Mesh's metrics from two readings of Envoy's /stats", () => {
  it('computes every metric for the interval from /stats/prometheus, TargetResponseTime as values and counts', () => {
    const metrics = fromEnvoyStats(edge, parsePrometheus(fixture('edge.prometheus.1.txt')), parsePrometheus(fixture('edge.prometheus.2.txt')));
    expect(sorted(metrics.samples)).toEqual(sorted([...expectedEdgeScalars, ...expectedEdgeResponseTimes]));
    expect(metrics.unattributed).toEqual([]);
  });

  it('computes the same counts and gauges from /stats?format=json, which has no buckets and so no TargetResponseTime', () => {
    const metrics = fromEnvoyStats(edge, parseStatsJson(fixture('edge.stats.1.json')), parseStatsJson(fixture('edge.stats.2.json')));
    expect(sorted(metrics.samples)).toEqual(sorted(expectedEdgeScalars));
  });

  it("counts what a restarted Envoy's counters hold as the interval's, instead of a negative difference", () => {
    const before = parseStatsJson(fixture('edge.stats.2.json'));
    const after = reading({ 'http.ingress.http.8443.downstream_rq_total': 7, 'cluster.cds_egress_gateway_web_http_8080.upstream_rq_total': 5, 'cluster.cds_egress_gateway_web_http_8080.upstream_rq_2xx': 5 });
    const samples = fromEnvoyStats(edge, before, after).samples;
    expect(value(samples, 'RequestCount')).toBe(7);
    expect(value(samples, 'RequestCountPerTarget', 'web')).toBe(5);
    expect(value(samples, 'HTTPCode_Target_2XX_Count', 'web')).toBe(5);
  });

  it('reads ActiveConnectionCount as a gauge, the current value, not a difference', () => {
    const samples = fromEnvoyStats(edge, reading({ 'listener.0.0.0.0_8080.downstream_cx_active': 9 }), reading({ 'listener.0.0.0.0_8080.downstream_cx_active': 4 })).samples;
    expect(value(samples, 'ActiveConnectionCount')).toBe(4);
  });

  it('emits zeros for targets without traffic, so an alarm sees "no traffic", never "no data"', () => {
    const samples = fromEnvoyStats(edge, reading({}), reading({})).samples;
    expect(samples.filter((s) => 'value' in s && s.value !== 0)).toEqual([]);
    expect(samples).toHaveLength(5 + 5 * 7);
  });

  it('ignores the stats of clusters that are not mesh targets and of the egress hop', () => {
    const traffic = { 'cluster.xds_cluster.upstream_rq_total': 50, 'cluster.cds_ingress_gateway_edge_self_redirect_8443_http_15001.upstream_rq_total': 50, 'http.egress.downstream_rq_total': 50, 'listener.127.0.0.1_15001.downstream_cx_total': 50 };
    const samples = fromEnvoyStats(edge, reading({}), reading(traffic)).samples;
    expect(samples.filter((s) => 'value' in s && s.value !== 0)).toEqual([]);
  });

  it('caps TargetErrorCount at the requests, so a success rate stays between 0 and 1', () => {
    const c = 'cluster.cds_egress_gateway_web_http_8080';
    const samples = fromEnvoyStats(edge, reading({}), reading({ [`${c}.upstream_rq_total`]: 2, [`${c}.upstream_rq_5xx`]: 2, [`${c}.upstream_cx_connect_fail`]: 2 })).samples;
    expect(value(samples, 'TargetErrorCount', 'web')).toBe(2);
  });

  it('gives a TCP target its connections as requests and its connect failures as errors, and no HTTP codes', () => {
    const checkout = meshTargets(goldenSnapshot('grpc-and-tcp/virtualNode/checkout'));
    // Checkout's TCP targets are reached by no tagged route: they cannot be attributed.
    const metrics = fromEnvoyStats(checkout, reading({}), reading({}));
    expect(metrics.unattributed.map((u) => u.cluster).sort()).toEqual(['cds_egress_grpc-and-tcp_db-replica_tcp_5432', 'cds_egress_grpc-and-tcp_db_tcp_5432']);
    const tcp = { ...checkout, egress: new Map([['cds_egress_grpc-and-tcp_db_tcp_5432', { cluster: 'cds_egress_grpc-and-tcp_db_tcp_5432', virtualNode: 'db', virtualServices: ['db.grpc-and-tcp.local'], protocol: 'tcp' }]]) };
    const c = 'cluster.cds_egress_grpc-and-tcp_db_tcp_5432';
    const samples = fromEnvoyStats(tcp, reading({}), reading({ [`${c}.upstream_cx_total`]: 8, [`${c}.upstream_cx_connect_fail`]: 1, [`${c}.upstream_cx_rx_bytes_total`]: 300, [`${c}.upstream_cx_tx_bytes_total`]: 20 })).samples;
    expect(samples.filter((s) => s.dimensions.length === 4).map((s) => [s.metric, 'value' in s ? s.value : s.values])).toEqual([
      ['TargetProcessedBytes', 320], ['RequestCountPerTarget', 8], ['TargetErrorCount', 1],
    ]);
  });

  it('leaves out, and names, a cluster that several virtual services reach: cluster stats do not say which one sent a request', () => {
    const shared = { ...edge, egress: new Map([['cds_egress_gateway_web_http_8080', { cluster: 'cds_egress_gateway_web_http_8080', virtualNode: 'web', virtualServices: ['a.local', 'b.local'], protocol: 'http' }]]) };
    const metrics = fromEnvoyStats(shared, reading({}), reading({ 'cluster.cds_egress_gateway_web_http_8080.upstream_rq_total': 3 }));
    expect(metrics.unattributed).toEqual([{ cluster: 'cds_egress_gateway_web_http_8080', virtualServices: ['a.local', 'b.local'] }]);
    expect(metrics.samples.filter((s) => s.dimensions.length === 4)).toEqual([]);
  });
});

function reading(stats: Record<string, number>): EnvoyStatsReading {
  return { values: new Map(Object.entries(stats).map(([k, v]) => [statKey(k), v])), histograms: new Map() };
}

function value(samples: readonly MetricSample[], metric: string, targetNode?: string): number | undefined {
  const sample = samples.find((s) => s.metric === metric && (targetNode === undefined || s.dimensions.some(([k, v]) => k === 'TargetVirtualNode' && v === targetNode)));
  return sample && 'value' in sample ? sample.value : undefined;
}
