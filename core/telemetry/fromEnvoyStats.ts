import type { Dimensions, MetricSample, ScalarMetricName } from './appMeshMetrics.js';
import { inboundDimensions, mergeSamples, outboundDimensions } from './appMeshMetrics.js';
import { counterDelta } from './counterDelta.js';
import type { EnvoyStatsReading } from './envoyStats.js';
import { statKey } from './envoyStats.js';
import type { EgressTarget, MeshTargets } from './meshTargets.js';
import { intervalDistribution } from './responseTime.js';

export interface IntervalMetrics {
  readonly samples: readonly MetricSample[];
  /**
   * Egress clusters whose stats could not be given a TargetVirtualService:
   * reached by no tagged route (TCP proxies carry no tag) or by several
   * virtual services' routes (Envoy's cluster stats do not say which one
   * sent a request). Their stats are left out rather than guessed.
   */
  readonly unattributed: readonly { readonly cluster: string; readonly virtualServices: readonly string[] }[];
}

const httpProtocols = new Set(['http', 'http2', 'grpc']);

/**
 * App Mesh's metrics for the interval between two readings of one Envoy's
 * stats, using the stat names Envoy documents: HTTP connection manager
 * (`http.<stat_prefix>.downstream_rq_total`, `downstream_cx_{rx,tx}_bytes_total`),
 * TCP proxy (`tcp.<stat_prefix>.downstream_cx_{rx,tx}_bytes_total`), listener
 * (`listener.<address>.downstream_cx_active`, `downstream_cx_total`) and
 * cluster (`cluster.<name>.upstream_rq_<N>xx`, `upstream_rq_total`,
 * `upstream_cx_{rx,tx}_bytes_total`, `upstream_cx_connect_fail`,
 * `upstream_rq_pending_failure_eject`, `upstream_rq_time`) statistics, and
 * the gRPC stats filter's `cluster.<name>.grpc[.<service>.<method>].failure`.
 * Every metric that applies is emitted, zero included: "no data" would read
 * as "no traffic" to an alarm, and must never read as healthy.
 */
export function fromEnvoyStats(targets: MeshTargets, previous: EnvoyStatsReading, current: EnvoyStatsReading): IntervalMetrics {
  const delta = (key: string) => counterDelta(previous.values.get(key), current.values.get(key));
  const sum = (keys: readonly string[]) => keys.reduce((total, key) => total + delta(key), 0);
  const samples: MetricSample[] = [];
  const scalar = (metric: ScalarMetricName, dimensions: Dimensions, value: number) => samples.push({ metric, dimensions, value });

  const inbound = inboundDimensions(targets.proxy);
  if (targets.ingressListeners.length > 0) {
    const listeners = targets.ingressListeners.map((address) => statKey(`listener.${address}`));
    scalar('ActiveConnectionCount', inbound, listeners.reduce((total, l) => total + (current.values.get(`${l}_downstream_cx_active`) ?? 0), 0));
    scalar('NewConnectionCount', inbound, sum(listeners.map((l) => `${l}_downstream_cx_total`)));
    const filters = targets.ingressFilters.map((f) => ({ ...f, key: `${f.filter}_${statKey(f.statPrefix)}` }));
    scalar('ProcessedBytes', inbound, sum(filters.flatMap((f) => [`${f.key}_downstream_cx_rx_bytes_total`, `${f.key}_downstream_cx_tx_bytes_total`])));
    const http = filters.filter((f) => f.filter === 'http');
    if (http.length > 0) scalar('RequestCount', inbound, sum(http.map((f) => `${f.key}_downstream_rq_total`)));
    const grpc = http.filter((f) => f.protocol === 'grpc');
    if (grpc.length > 0) scalar('GrpcRequestCount', inbound, sum(grpc.map((f) => `${f.key}_downstream_rq_total`)));
  }

  const unattributed: { cluster: string; virtualServices: readonly string[] }[] = [];
  for (const target of targets.egress.values()) {
    const [virtualService, ...others] = target.virtualServices;
    if (virtualService === undefined || others.length > 0) {
      unattributed.push({ cluster: target.cluster, virtualServices: target.virtualServices });
      continue;
    }
    const dimensions = outboundDimensions(targets.proxy, { virtualService, virtualNode: target.virtualNode });
    samples.push(...clusterSamples(target, dimensions, previous, current, delta));
  }
  return { samples: mergeSamples(samples), unattributed };
}

function clusterSamples(
  target: EgressTarget,
  dimensions: Dimensions,
  previous: EnvoyStatsReading,
  current: EnvoyStatsReading,
  delta: (key: string) => number,
): MetricSample[] {
  const c = statKey(`cluster.${target.cluster}`);
  const bytes = delta(`${c}_upstream_cx_rx_bytes_total`) + delta(`${c}_upstream_cx_tx_bytes_total`);
  const connectFailures = delta(`${c}_upstream_cx_connect_fail`);
  if (!httpProtocols.has(target.protocol)) {
    // A TCP target's "requests" are its connections.
    const connections = delta(`${c}_upstream_cx_total`);
    return [
      { metric: 'TargetProcessedBytes', dimensions, value: bytes },
      { metric: 'RequestCountPerTarget', dimensions, value: connections },
      { metric: 'TargetErrorCount', dimensions, value: Math.min(connections, connectFailures) },
    ];
  }
  const code = (n: number) => delta(`${c}_upstream_rq_${n}xx`);
  const requests = delta(`${c}_upstream_rq_total`);
  const grpcFailures = [...current.values.keys()]
    .filter((key) => key.startsWith(`${c}_grpc_`) && key.endsWith('_failure'))
    .reduce((total, key) => total + delta(key), 0);
  const errors = code(5) + grpcFailures + connectFailures + delta(`${c}_upstream_rq_pending_failure_eject`);
  const responseTime = intervalDistribution(previous.histograms.get(`${c}_upstream_rq_time`), current.histograms.get(`${c}_upstream_rq_time`));
  return [
    { metric: 'HTTPCode_Target_2XX_Count', dimensions, value: code(2) },
    { metric: 'HTTPCode_Target_3XX_Count', dimensions, value: code(3) },
    { metric: 'HTTPCode_Target_4XX_Count', dimensions, value: code(4) },
    { metric: 'HTTPCode_Target_5XX_Count', dimensions, value: code(5) },
    { metric: 'RequestCountPerTarget', dimensions, value: requests },
    { metric: 'TargetProcessedBytes', dimensions, value: bytes },
    // Capped at the requests, so a success rate stays within 0..1 even where a
    // failed connection and the 503 Envoy answered for it both count.
    { metric: 'TargetErrorCount', dimensions, value: Math.min(requests, errors) },
    ...(responseTime.values.length > 0 ? [{ metric: 'TargetResponseTime' as const, dimensions, ...responseTime }] : []),
  ];
}
