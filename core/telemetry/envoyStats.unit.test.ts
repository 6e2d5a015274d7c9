import { describe, expect, it } from 'vitest';
import { parsePrometheus, parseStatsJson, statKey } from './envoyStats.js';
import { fixture } from '../../test/telemetry/fixtures.js';

// Envoy cannot run here: the inputs follow Envoy's documented admin output
// formats (/stats?format=json, /stats/prometheus) and statistic names.
describe("Envoy's /stats?format=json", () => {
  it('reads counters and gauges by full stat name, and skips text readouts', () => {
    const reading = parseStatsJson(fixture('edge.stats.2.json'));
    expect(reading.values.get(statKey('cluster.cds_egress_gateway_web_http_8080.upstream_rq_5xx'))).toBe(13);
    expect(reading.values.get(statKey('http.ingress.grpc.9443.downstream_rq_total'))).toBe(340);
    expect(reading.values.get(statKey('listener.0.0.0.0_8443.downstream_cx_active'))).toBe(4);
    expect(reading.values.has(statKey('server.version'))).toBe(false);
  });

  it("reads histograms' quantiles from the histograms block, in supported_quantiles order", () => {
    const reading = parseStatsJson({
      stats: [
        { name: 'cluster.c.upstream_rq_total', value: 3 },
        { histograms: { supported_quantiles: [0, 50, 100], computed_quantiles: [{ name: 'cluster.c.upstream_rq_time', values: [{ interval: null, cumulative: 1 }, { interval: 2, cumulative: 3 }, { interval: 9, cumulative: 10 }] }] } },
      ],
    });
    expect(reading.histograms.get('cluster_c_upstream_rq_time')).toEqual({
      quantiles: [{ quantile: 0, interval: null, cumulative: 1 }, { quantile: 50, interval: 2, cumulative: 3 }, { quantile: 100, interval: 9, cumulative: 10 }],
    });
  });
});

describe("Envoy's /stats/prometheus", () => {
  it('puts the tags Envoy extracted back where they came from, so every stat has the key its JSON name has', () => {
    for (const n of [1, 2]) {
      const json = parseStatsJson(fixture(`edge.stats.${n}.json`));
      const prometheus = parsePrometheus(fixture(`edge.prometheus.${n}.txt`));
      expect(Object.fromEntries(prometheus.values)).toEqual(Object.fromEntries(json.values));
      expect([...prometheus.histograms.keys()].sort()).toEqual([...json.histograms.keys()].sort());
    }
  });

  it('rebuilds cluster, listener, connection-manager, response-code and gRPC names from their labels', () => {
    const reading = parsePrometheus([
      '# TYPE envoy_cluster_upstream_rq_xx counter',
      'envoy_cluster_upstream_rq_xx{envoy_response_code_class="5",envoy_cluster_name="cds_egress_m_a_grpc_50051"} 7',
      'envoy_cluster_upstream_rq{envoy_response_code="503",envoy_cluster_name="cds_egress_m_a_grpc_50051"} 6',
      'envoy_cluster_grpc_failure{envoy_cluster_name="cds_egress_m_a_grpc_50051",envoy_grpc_bridge_service="pkg.Svc",envoy_grpc_bridge_method="Do"} 2',
      'envoy_listener_downstream_cx_active{envoy_listener_address="0.0.0.0_15000"} 4',
      'envoy_http_http_8080_downstream_rq_total{envoy_http_conn_manager_prefix="ingress"} 9',
      'envoy_tcp_downstream_cx_total{envoy_tcp_prefix="ingress.tcp.5432"} 1',
    ].join('\n'));
    expect(Object.fromEntries(reading.values)).toEqual({
      [statKey('cluster.cds_egress_m_a_grpc_50051.upstream_rq_5xx')]: 7,
      [statKey('cluster.cds_egress_m_a_grpc_50051.upstream_rq_503')]: 6,
      [statKey('cluster.cds_egress_m_a_grpc_50051.grpc.pkg.Svc.Do.failure')]: 2,
      [statKey('listener.0.0.0.0_15000.downstream_cx_active')]: 4,
      [statKey('http.ingress.http.8080.downstream_rq_total')]: 9,
      [statKey('tcp.ingress.tcp.5432.downstream_cx_total')]: 1,
    });
  });

  it('reads a histogram as cumulative buckets in ascending order, with its sum and count', () => {
    const reading = parsePrometheus([
      '# TYPE envoy_cluster_upstream_rq_time histogram',
      'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="c",le="+Inf"} 5',
      'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="c",le="0.5"} 1',
      'envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="c",le="10"} 4',
      'envoy_cluster_upstream_rq_time_sum{envoy_cluster_name="c"} 42.5',
      'envoy_cluster_upstream_rq_time_count{envoy_cluster_name="c"} 5',
    ].join('\n'));
    expect(reading.histograms.get('cluster_c_upstream_rq_time')).toEqual({
      buckets: [{ le: 0.5, count: 1 }, { le: 10, count: 4 }, { le: Infinity, count: 5 }],
      sum: 42.5,
      count: 5,
    });
    expect(reading.values.size).toBe(0);
  });

  it('unescapes label values and ignores comments, blank lines and metrics that are not Envoy stats', () => {
    const reading = parsePrometheus([
      '# HELP whatever',
      '',
      'process_cpu_seconds_total 12',
      'envoy_cluster_upstream_rq_total{envoy_cluster_name="a\\\\b\\"c\\nd"} 3 1700000000000',
    ].join('\n'));
    expect(Object.fromEntries(reading.values)).toEqual({ 'cluster_a\\b"c\nd_upstream_rq_total': 3 });
  });
});
