import type { DistributionSample, MetricSample } from './appMeshMetrics.js';
import { dimensionKey, metricDefinition } from './appMeshMetrics.js';

export interface EmfOptions {
  /** Milliseconds since the epoch: the end of the interval. */
  readonly timestamp: number;
  readonly namespace?: string;
  /** Which host sent the line: a plain property for log searches, never a dimension (a per-host dimension multiplies the bill by the fleet). */
  readonly hostId?: string;
  /** 60 (standard) or 1 (high resolution). */
  readonly storageResolution?: 1 | 60;
}

/** The EMF specification's limits (reference/appmesh-envoy.md section 5). */
export const emfLimits = { metricsPerDirective: 100, keysPerDimensionSet: 30, valuesPerArray: 100, bytesPerEvent: 256 * 1024 } as const;

type EmfValue = number | { Values: number[]; Counts: number[]; Count: number; Sum: number; Min: number; Max: number };

/**
 * CloudWatch Embedded Metric Format: one JSON line per set of dimension
 * values, the values as top-level members, one dimension set per line
 * (`[Mesh, VirtualNode]` inbound, plus `TargetVirtualService`,
 * `TargetVirtualNode` outbound). TargetResponseTime goes as
 * `{Values, Counts, Count, Sum, Min, Max}`, the distribution form the
 * CloudWatch agent and the OpenTelemetry awsemf exporter write, so
 * percentiles survive; a distribution with more than 100 values is split over
 * several lines, and so is a line that would hold more than 100 metrics.
 */
export function toEmfLines(samples: readonly MetricSample[], options: EmfOptions): string[] {
  const groups = new Map<string, MetricSample[]>();
  for (const sample of samples) {
    const key = dimensionKey(sample.dimensions);
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const entries: [string, EmfValue][] = [];
    for (const sample of group) {
      if ('value' in sample) entries.push([sample.metric, sample.value]);
      else for (const chunk of distributionChunks(sample)) entries.push([sample.metric, chunk]);
    }
    // A metric may appear once per line: later chunks of a distribution go to later lines.
    const pending = [...entries];
    while (pending.length > 0) {
      const line: [string, EmfValue][] = [];
      for (let i = 0; i < pending.length && line.length < emfLimits.metricsPerDirective; ) {
        if (line.some(([name]) => name === pending[i]![0])) i++;
        else line.push(...pending.splice(i, 1));
      }
      lines.push(JSON.stringify(emfDocument(group[0]!.dimensions, line, options)));
    }
  }
  return lines;
}

function emfDocument(dimensions: MetricSample['dimensions'], metrics: readonly [string, EmfValue][], options: EmfOptions): Record<string, unknown> {
  const definitions = metrics.map(([name]) => ({
    Name: name,
    Unit: metricDefinition(name as MetricSample['metric']).unit,
    ...(options.storageResolution ? { StorageResolution: options.storageResolution } : {}),
  }));
  return {
    _aws: {
      Timestamp: Math.trunc(options.timestamp),
      CloudWatchMetrics: [{ Namespace: options.namespace ?? 'AppMesh', Dimensions: [dimensions.map(([name]) => name)], Metrics: definitions }],
    },
    ...Object.fromEntries(dimensions),
    ...(options.hostId !== undefined ? { HostId: options.hostId } : {}),
    ...Object.fromEntries(metrics),
  };
}

function distributionChunks(sample: DistributionSample): EmfValue[] {
  const chunks: EmfValue[] = [];
  for (let start = 0; start < sample.values.length; start += emfLimits.valuesPerArray) {
    const Values = sample.values.slice(start, start + emfLimits.valuesPerArray);
    const Counts = sample.counts.slice(start, start + emfLimits.valuesPerArray);
    chunks.push({
      Values,
      Counts,
      Count: Counts.reduce((a, b) => a + b, 0),
      Sum: Values.reduce((total, v, i) => total + v * Counts[i]!, 0),
      Min: Math.min(...Values),
      Max: Math.max(...Values),
    });
  }
  return chunks;
}
