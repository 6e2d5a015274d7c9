import type { Dimensions, MetricName, MetricSample } from './appMeshMetrics.js';
import { appMeshMetrics, dimensionKey } from './appMeshMetrics.js';

/** Envoy's default histogram bucket bounds (ms), which `upstream_rq_time` uses unless stats_config says otherwise. */
export const envoyDefaultBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;

/**
 * Running totals for a Prometheus endpoint: Prometheus counters are
 * cumulative while the agent runs, so interval samples are added up; gauges
 * keep their latest value; TargetResponseTime keeps cumulative bucket counts.
 */
export type PrometheusTotals = ReadonlyMap<string, PrometheusSeries>;

interface PrometheusSeries {
  readonly metric: MetricName;
  readonly dimensions: Dimensions;
  readonly value?: number;
  readonly buckets?: readonly number[];
  readonly sum?: number;
  readonly count?: number;
}

const kindOf = new Map<string, string>(appMeshMetrics.map((m) => [m.name, m.kind]));

export function accumulate(totals: PrometheusTotals, samples: readonly MetricSample[], bounds: readonly number[] = envoyDefaultBuckets): PrometheusTotals {
  const next = new Map(totals);
  for (const sample of samples) {
    const key = `${sample.metric}|${dimensionKey(sample.dimensions)}`;
    const seen = next.get(key);
    if ('value' in sample) {
      const value = kindOf.get(sample.metric) === 'gauge' ? sample.value : (seen?.value ?? 0) + sample.value;
      next.set(key, { metric: sample.metric, dimensions: sample.dimensions, value });
      continue;
    }
    // Bucket counts kept per bucket; rendered cumulatively.
    const buckets = [...(seen?.buckets ?? new Array<number>(bounds.length + 1).fill(0))];
    let sum = seen?.sum ?? 0;
    let count = seen?.count ?? 0;
    sample.values.forEach((value, i) => {
      const n = sample.counts[i]!;
      const bucket = bounds.findIndex((le) => value <= le);
      buckets[bucket === -1 ? bounds.length : bucket]! += n;
      sum += value * n;
      count += n;
    });
    next.set(key, { metric: sample.metric, dimensions: sample.dimensions, buckets, sum, count });
  }
  return next;
}

/**
 * Prometheus text exposition as the App Mesh Envoy image's metrics extension
 * exported it under `/stats/prometheus?filter=metrics_extension`:
 * `envoy_appmesh_<Name>{Mesh="..",VirtualNode="..",...}`, counters without a
 * `_total` suffix (Envoy adds none), the histogram with `_bucket`, `_sum`,
 * `_count`.
 */
export function toPrometheusText(totals: PrometheusTotals, bounds: readonly number[] = envoyDefaultBuckets): string {
  const lines: string[] = [];
  for (const definition of appMeshMetrics) {
    const series = [...totals.values()].filter((s) => s.metric === definition.name);
    if (series.length === 0) continue;
    const name = `envoy_appmesh_${definition.name}`;
    lines.push(`# TYPE ${name} ${definition.kind}`);
    for (const s of series) {
      if (s.value !== undefined) {
        lines.push(`${name}${labels(s.dimensions)} ${formatNumber(s.value)}`);
        continue;
      }
      let cumulative = 0;
      [...bounds, Infinity].forEach((le, i) => {
        cumulative += s.buckets![i] ?? 0;
        lines.push(`${name}_bucket${labels(s.dimensions, ['le', formatNumber(le)])} ${cumulative}`);
      });
      lines.push(`${name}_sum${labels(s.dimensions)} ${formatNumber(s.sum ?? 0)}`);
      lines.push(`${name}_count${labels(s.dimensions)} ${s.count ?? 0}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function labels(dimensions: Dimensions, extra?: readonly [string, string]): string {
  const pairs = [...dimensions, ...(extra ? [extra] : [])];
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** The exposition format escapes backslash, double quote and line feed in label values. */
export const escapeLabelValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const formatNumber = (n: number) => (n === Infinity ? '+Inf' : n === -Infinity ? '-Inf' : String(n));
