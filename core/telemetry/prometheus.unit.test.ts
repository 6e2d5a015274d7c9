import { describe, expect, it } from 'vitest';
import type { MetricSample } from './appMeshMetrics.js';
import { accumulate, escapeLabelValue, toPrometheusText } from './prometheus.js';

const inbound = [['Mesh', 'shop'], ['VirtualNode', 'web']] as const;
const outbound = [...inbound, ['TargetVirtualService', 'api.shop.local'], ['TargetVirtualNode', 'api-v1']] as const;
const bounds = [1, 10] as const;

describe("Prometheus exposition of App Mesh's metrics", () => {
  it('exports envoy_appmesh_<Name> with the dimensions as labels, counters adding up over intervals and gauges keeping the latest', () => {
    let totals = accumulate(new Map(), [{ metric: 'RequestCount', dimensions: inbound, value: 3 }, { metric: 'ActiveConnectionCount', dimensions: inbound, value: 5 }]);
    totals = accumulate(totals, [{ metric: 'RequestCount', dimensions: inbound, value: 4 }, { metric: 'ActiveConnectionCount', dimensions: inbound, value: 2 }]);
    expect(toPrometheusText(totals)).toBe([
      '# TYPE envoy_appmesh_ActiveConnectionCount gauge',
      'envoy_appmesh_ActiveConnectionCount{Mesh="shop",VirtualNode="web"} 2',
      '# TYPE envoy_appmesh_RequestCount counter',
      'envoy_appmesh_RequestCount{Mesh="shop",VirtualNode="web"} 7',
      '',
    ].join('\n'));
  });

  it('exports TargetResponseTime as a histogram with cumulative _bucket, _sum and _count', () => {
    const samples: MetricSample[] = [{ metric: 'TargetResponseTime', dimensions: outbound, values: [0.75, 7.5, 40], counts: [2, 3, 1] }];
    const text = toPrometheusText(accumulate(accumulate(new Map(), samples, bounds), samples, bounds), bounds);
    const labels = 'Mesh="shop",VirtualNode="web",TargetVirtualService="api.shop.local",TargetVirtualNode="api-v1"';
    expect(text).toBe([
      '# TYPE envoy_appmesh_TargetResponseTime histogram',
      `envoy_appmesh_TargetResponseTime_bucket{${labels},le="1"} 4`,
      `envoy_appmesh_TargetResponseTime_bucket{${labels},le="10"} 10`,
      `envoy_appmesh_TargetResponseTime_bucket{${labels},le="+Inf"} 12`,
      `envoy_appmesh_TargetResponseTime_sum{${labels}} ${2 * (1.5 + 22.5 + 40)}`,
      `envoy_appmesh_TargetResponseTime_count{${labels}} 12`,
      '',
    ].join('\n'));
  });

  it('escapes backslashes, double quotes and line feeds in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = toPrometheusText(accumulate(new Map(), [{ metric: 'RequestCount', dimensions: [['Mesh', 'a"b'], ['VirtualNode', 'n']], value: 1 }]));
    expect(text).toContain('envoy_appmesh_RequestCount{Mesh="a\\"b",VirtualNode="n"} 1');
  });

  it('exports nothing before the first interval', () => expect(toPrometheusText(new Map())).toBe(''));
});
