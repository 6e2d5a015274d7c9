import type { MetricSample } from './appMeshMetrics.js';
import { mergeSamples, outboundDimensions } from './appMeshMetrics.js';
import type { IntervalMetrics } from './fromEnvoyStats.js';
import type { MeshTargets } from './meshTargets.js';

/** A uint64 as a protobuf decoder may hand it over (number, decimal string or bigint). */
export type Uint64 = number | string | bigint;

/**
 * `envoy.config.endpoint.v3.ClusterStats`, as the agent's LRS server decodes
 * it (field names as in the .proto).
 */
export interface ClusterStats {
  readonly cluster_name: string;
  readonly cluster_service_name?: string;
  readonly upstream_locality_stats?: readonly {
    readonly total_successful_requests?: Uint64;
    readonly total_requests_in_progress?: Uint64;
    readonly total_error_requests?: Uint64;
    readonly total_issued_requests?: Uint64;
    readonly load_metric_stats?: readonly unknown[];
  }[];
  readonly total_dropped_requests?: Uint64;
  readonly load_report_interval?: { readonly seconds?: Uint64; readonly nanos?: number };
}

const count = (value: Uint64 | undefined) => (value === undefined ? 0 : Number(value));

/**
 * RequestCountPerTarget and TargetErrorCount from the load reports that
 * arrived during one interval, for clients that report per cluster (proxyless
 * gRPC through @grpc/grpc-js-xds; Envoy too). Unlike Envoy's /stats counters,
 * LRS counts are already deltas: each report covers the
 * `load_report_interval` since the same client's previous report, so the
 * interval's value is the plain sum of the reports received in it, and a
 * client restart needs no special case. `total_requests_in_progress` is a
 * gauge and is not summed. Requests the client dropped (drop_overload, circuit
 * breaking) never reached the target but failed for the caller: they count as
 * requests and as errors.
 */
export function fromLoadReports(targets: MeshTargets, reports: readonly ClusterStats[]): IntervalMetrics {
  const samples: MetricSample[] = [];
  const unattributed = new Map<string, readonly string[]>();
  for (const report of reports) {
    const target = targets.egress.get(report.cluster_name);
    if (!target) continue; // not a mesh target: ADS, SDS, amazonaws, allow-all
    const [virtualService, ...others] = target.virtualServices;
    if (virtualService === undefined || others.length > 0) {
      unattributed.set(target.cluster, target.virtualServices);
      continue;
    }
    const localities = report.upstream_locality_stats ?? [];
    const issued = localities.reduce((total, l) => total + count(l.total_issued_requests), 0);
    const errors = localities.reduce((total, l) => total + count(l.total_error_requests), 0);
    const dropped = count(report.total_dropped_requests);
    const dimensions = outboundDimensions(targets.proxy, { virtualService, virtualNode: target.virtualNode });
    samples.push({ metric: 'RequestCountPerTarget', dimensions, value: issued + dropped });
    samples.push({ metric: 'TargetErrorCount', dimensions, value: errors + dropped });
  }
  return {
    samples: mergeSamples(samples),
    unattributed: [...unattributed].map(([cluster, virtualServices]) => ({ cluster, virtualServices })),
  };
}
