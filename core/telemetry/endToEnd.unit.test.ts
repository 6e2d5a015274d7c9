import { describe, expect, it } from 'vitest';
import type { MetricSample } from './appMeshMetrics.js';
import { appMeshMetrics } from './appMeshMetrics.js';
import { expectedEdgeResponseTimes, expectedEdgeScalars } from './edgeExpected.testSupport.js';
import { toEmfLines } from './emf.js';
import { emfProblems } from './emfSpec.testSupport.js';
import { parsePrometheus, parseStatsJson } from './envoyStats.js';
import { fixture } from '../../test/telemetry/fixtures.js';
import { goldenSnapshot } from '../../test/projection/goldenFiles.js';
import { fromEnvoyStats } from './fromEnvoyStats.js';
import { meshTargets } from './meshTargets.js';
import { accumulate, toPrometheusText } from './prometheus.js';

// The whole pure path for one proxy: its compiled snapshot (the gateway mesh's
// edge golden) and two readings of its Envoy's /stats/prometheus (fixtures
// written to Envoy's documented stat names and output format; Envoy cannot
// run here) -> App Mesh's metrics -> EMF lines and Prometheus text.
const snapshot = goldenSnapshot('gateway/virtualGateway/edge');
const metrics = fromEnvoyStats(meshTargets(snapshot), parsePrometheus(fixture('edge.prometheus.1.txt')), parsePrometheus(fixture('edge.prometheus.2.txt')));
const timestamp = Date.UTC(2026, 11, 1, 21, 0, 0);
const sorted = (samples: readonly MetricSample[]) => [...samples].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("a golden gateway's /stats, end to end", () => {
  it("yields all twelve of App Mesh's metrics and TargetErrorCount, with the values worked out by hand", () => {
    expect(new Set(metrics.samples.map((s) => s.metric))).toEqual(new Set(appMeshMetrics.map((m) => m.name)));
    expect(sorted(metrics.samples)).toEqual(sorted([...expectedEdgeScalars, ...expectedEdgeResponseTimes]));
  });

  it('renders EMF lines that pass the checker written from the specification and carry every sample back', () => {
    const lines = toEmfLines(metrics.samples, { timestamp, hostId: 'i-0123456789abcdef0' });
    expect(lines).toHaveLength(1 + 5); // the gateway's own line and one per target
    for (const line of lines) expect(emfProblems(line)).toEqual([]);
    const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs[0]).toEqual({
      _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [{
          Namespace: 'AppMesh',
          Dimensions: [['Mesh', 'VirtualGateway']],
          Metrics: [
            { Name: 'ActiveConnectionCount', Unit: 'Count' }, { Name: 'NewConnectionCount', Unit: 'Count' }, { Name: 'ProcessedBytes', Unit: 'Bytes' },
            { Name: 'RequestCount', Unit: 'Count' }, { Name: 'GrpcRequestCount', Unit: 'Count' },
          ],
        }],
      },
      Mesh: 'gateway', VirtualGateway: 'edge', HostId: 'i-0123456789abcdef0',
      ActiveConnectionCount: 10, NewConnectionCount: 30, ProcessedBytes: 18600, RequestCount: 310, GrpcRequestCount: 40,
    });
    const web = docs.find((d) => d['TargetVirtualNode'] === 'web')!;
    expect(web).toMatchObject({
      TargetVirtualService: 'web.gateway.local', HTTPCode_Target_2XX_Count: 100, HTTPCode_Target_5XX_Count: 8, RequestCountPerTarget: 110, TargetErrorCount: 10,
      TargetResponseTime: { Values: [7.5, 17.5, 750, 3750], Counts: [60, 40, 8, 2], Count: 110 },
    });
    // Every sample, read back from the lines, is there with its value.
    const readBack = docs.flatMap((doc) => {
      const directive = (doc['_aws'] as { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]!;
      const dimensions = directive.Dimensions[0]!.map((k) => [k, doc[k]]);
      return directive.Metrics.map(({ Name }) => {
        const v = doc[Name] as number | { Values: number[]; Counts: number[] };
        return typeof v === 'number' ? { metric: Name, dimensions, value: v } : { metric: Name, dimensions, values: v.Values, counts: v.Counts };
      });
    });
    expect(sorted(readBack as unknown as MetricSample[])).toEqual(sorted(metrics.samples));
  });

  it('renders Prometheus text with envoy_appmesh_<Name> series labelled by mesh, gateway and target', () => {
    const text = toPrometheusText(accumulate(new Map(), metrics.samples));
    const web = 'Mesh="gateway",VirtualGateway="edge",TargetVirtualService="web.gateway.local",TargetVirtualNode="web"';
    expect(text).toContain('envoy_appmesh_RequestCount{Mesh="gateway",VirtualGateway="edge"} 310\n');
    expect(text).toContain(`envoy_appmesh_HTTPCode_Target_5XX_Count{${web}} 8\n`);
    expect(text).toContain(`envoy_appmesh_TargetErrorCount{${web}} 10\n`);
    expect(text).toContain(`envoy_appmesh_TargetResponseTime_bucket{${web},le="25"} 100\n`);
    expect(text).toContain(`envoy_appmesh_TargetResponseTime_bucket{${web},le="+Inf"} 110\n`);
    expect(text).toContain(`envoy_appmesh_TargetResponseTime_count{${web}} 110\n`);
    expect(text.split('\n').filter((l) => l.startsWith('# TYPE'))).toHaveLength(13);
    expect(text).not.toMatch(/host|i-0123/i);
  });

  it('gives a virtual node its VirtualNode dimension (http-routing mesh, frontend golden, /stats?format=json)', () => {
    const frontend = meshTargets(goldenSnapshot('http-routing/virtualNode/frontend'));
    const stats = (n: number) => parseStatsJson({ stats: [
      { name: 'listener.0.0.0.0_15000.downstream_cx_total', value: 10 * n },
      { name: 'http.ingress.http.8080.downstream_rq_total', value: 100 * n },
      { name: 'cluster.cds_egress_http-routing_catalog-v2_http_8080.upstream_rq_total', value: 30 * n },
      { name: 'cluster.cds_egress_http-routing_catalog-v2_http_9080.upstream_rq_total', value: 5 * n },
    ] });
    const samples = fromEnvoyStats(frontend, stats(1), stats(2)).samples;
    expect(samples.find((s) => s.metric === 'RequestCount')).toEqual({ metric: 'RequestCount', dimensions: [['Mesh', 'http-routing'], ['VirtualNode', 'frontend']], value: 100 });
    // Two clusters (ports 8080 and 9080) of one target add up.
    expect(samples.find((s) => s.metric === 'RequestCountPerTarget' && s.dimensions[3]![1] === 'catalog-v2')).toEqual({
      metric: 'RequestCountPerTarget',
      dimensions: [['Mesh', 'http-routing'], ['VirtualNode', 'frontend'], ['TargetVirtualService', 'catalog.http-routing.local'], ['TargetVirtualNode', 'catalog-v2']],
      value: 35,
    });
    expect(samples.some((s) => s.metric === 'GrpcRequestCount')).toBe(false);
  });
});
