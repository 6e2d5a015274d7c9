/**
 * App Mesh's metric-extension contract, defined once: the twelve metrics its
 * Envoy image exported (`envoy.appmesh.<Name>`, `envoy_appmesh_<Name>`), their
 * units, kinds and dimensions (reference/appmesh-envoy.md section 3), plus
 * Weft's TargetErrorCount so that every protocol, gRPC and TCP included, has a
 * success rate. Dimensions name a virtual node or gateway, never a host:
 * per-host dimensions multiply the CloudWatch bill by the fleet size.
 */
export type MetricUnit = 'Count' | 'Bytes' | 'Milliseconds';
export type MetricKind = 'counter' | 'gauge' | 'histogram';
export type MetricDirection = 'inbound' | 'outbound';

export interface MetricDefinition {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly kind: MetricKind;
  readonly direction: MetricDirection;
}

const inbound = (name: string, kind: MetricKind, unit: MetricUnit) => ({ name, kind, unit, direction: 'inbound' }) as const;
const outbound = (name: string, kind: MetricKind, unit: MetricUnit) => ({ name, kind, unit, direction: 'outbound' }) as const;

export const appMeshMetrics = [
  inbound('ActiveConnectionCount', 'gauge', 'Count'),
  inbound('NewConnectionCount', 'counter', 'Count'),
  inbound('ProcessedBytes', 'counter', 'Bytes'),
  inbound('RequestCount', 'counter', 'Count'),
  inbound('GrpcRequestCount', 'counter', 'Count'),
  outbound('TargetProcessedBytes', 'counter', 'Bytes'),
  outbound('HTTPCode_Target_2XX_Count', 'counter', 'Count'),
  outbound('HTTPCode_Target_3XX_Count', 'counter', 'Count'),
  outbound('HTTPCode_Target_4XX_Count', 'counter', 'Count'),
  outbound('HTTPCode_Target_5XX_Count', 'counter', 'Count'),
  outbound('RequestCountPerTarget', 'counter', 'Count'),
  outbound('TargetResponseTime', 'histogram', 'Milliseconds'),
  // Weft's own: requests to a target that failed (HTTP 5xx, a non-OK gRPC
  // status, a connect or reset failure). Not an App Mesh name.
  outbound('TargetErrorCount', 'counter', 'Count'),
] as const satisfies readonly MetricDefinition[];

export type MetricName = (typeof appMeshMetrics)[number]['name'];
export type ScalarMetricName = Exclude<MetricName, 'TargetResponseTime'>;

const byName = new Map<string, MetricDefinition>(appMeshMetrics.map((m) => [m.name, m]));

export function metricDefinition(name: MetricName): MetricDefinition {
  return byName.get(name)!;
}

/** The proxy the metrics are about: `mesh/<mesh>/virtualNode/<name>` or `.../virtualGateway/<name>`. */
export interface ProxyIdentity {
  readonly mesh: string;
  readonly kind: 'VirtualNode' | 'VirtualGateway';
  readonly name: string;
}

export function proxyIdentity(nodeId: string): ProxyIdentity {
  const match = /^mesh\/([^/]+)\/(virtualNode|virtualGateway)\/([^/]+)$/.exec(nodeId);
  if (!match) throw new Error(`'${nodeId}' is not a node id of the form mesh/<mesh>/virtualNode|virtualGateway/<name>`);
  return { mesh: match[1]!, kind: match[2] === 'virtualNode' ? 'VirtualNode' : 'VirtualGateway', name: match[3]! };
}

export interface Target {
  readonly virtualService: string;
  readonly virtualNode: string;
}

/** Dimension names and values, in App Mesh's order. */
export type Dimensions = readonly (readonly [DimensionName, string])[];
export type DimensionName = 'Mesh' | 'VirtualNode' | 'VirtualGateway' | 'TargetVirtualService' | 'TargetVirtualNode';

export function inboundDimensions(proxy: ProxyIdentity): Dimensions {
  return [['Mesh', proxy.mesh], [proxy.kind, proxy.name]];
}

export function outboundDimensions(proxy: ProxyIdentity, target: Target): Dimensions {
  return [...inboundDimensions(proxy), ['TargetVirtualService', target.virtualService], ['TargetVirtualNode', target.virtualNode]];
}

/** A counter's or gauge's value for one interval. */
export interface ScalarSample {
  readonly metric: ScalarMetricName;
  readonly dimensions: Dimensions;
  readonly value: number;
}

/** TargetResponseTime for one interval as values and their counts, so percentiles survive aggregation. */
export interface DistributionSample {
  readonly metric: 'TargetResponseTime';
  readonly dimensions: Dimensions;
  readonly values: readonly number[];
  readonly counts: readonly number[];
}

export type MetricSample = ScalarSample | DistributionSample;

export const dimensionKey = (dimensions: Dimensions) => JSON.stringify(dimensions);

/**
 * Sums samples of the same metric and dimensions (several clusters of one
 * target, several listeners of one node); distributions merge value by value.
 * Gauges sum too: connections on two listeners of one node add up.
 */
export function mergeSamples(samples: readonly MetricSample[]): MetricSample[] {
  const merged = new Map<string, MetricSample>();
  for (const sample of samples) {
    const key = `${sample.metric}|${dimensionKey(sample.dimensions)}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, sample);
    else if ('value' in seen && 'value' in sample) merged.set(key, { ...seen, value: seen.value + sample.value });
    else if ('values' in seen && 'values' in sample) merged.set(key, { ...seen, ...mergeDistributions(seen, sample) });
  }
  return [...merged.values()];
}

function mergeDistributions(a: DistributionSample, b: DistributionSample): Pick<DistributionSample, 'values' | 'counts'> {
  const counts = new Map<number, number>();
  for (const d of [a, b]) d.values.forEach((v, i) => counts.set(v, (counts.get(v) ?? 0) + d.counts[i]!));
  const values = [...counts.keys()].sort((x, y) => x - y);
  return { values, counts: values.map((v) => counts.get(v)!) };
}
