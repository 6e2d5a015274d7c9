import type { GrpcRetryPolicy, GrpcRoute, HttpRetryPolicy, HttpRoute } from '../../model/appMeshTypes.js';
import { any, appMeshDurationMillis, defaults, durationFromMillis, u32 } from '../envoy/proto.js';
import { anyTypes } from '../envoy/typeUrls.js';
import type { ResolvedRoute, Target } from './resolveService.js';
import { saturatingU32 } from './uint32.js';

type Json = Record<string, unknown>;

// App Mesh sent HTTP retry events as status-code lists, not Envoy's `5xx` /
// `gateway-error` / `retriable-4xx` shorthands (which also retry on resets and
// connect failures the user did not ask for), and a connection error as `reset`
// (reference/appmesh-envoy.md section 4; the codes are App Mesh's documented ones).
const httpEventCodes: Record<string, readonly number[]> = {
  'server-error': [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
  'gateway-error': [502, 503, 504],
  'client-error': [409],
};
const httpEventTokens: Record<string, string> = { 'stream-error': 'refused-stream' };
const tcpEvents: Record<string, string> = { 'connection-error': 'reset' };

// App Mesh retried on another host than the one that failed, trying up to 5 picks.
const otherHost = {
  retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: any(anyTypes.previousHosts, {}) }],
  hostSelectionRetryMaxAttempts: 5,
};

/** When a route sets no retry policy App Mesh still retried twice on these. */
export function defaultRetryPolicy(): Json {
  return {
    retryOn: 'connect-failure,refused-stream,reset,retriable-status-codes,unavailable',
    retriableStatusCodes: [503],
    numRetries: u32(defaults.maxRetries),
    ...otherHost,
  };
}

export function retryPolicy(policy: HttpRetryPolicy | GrpcRetryPolicy | undefined): Json {
  if (!policy) return defaultRetryPolicy();
  const httpRetryEvents = policy.httpRetryEvents ?? [];
  const codes = [...new Set(httpRetryEvents.flatMap((e) => httpEventCodes[e] ?? []))];
  const tokens = [
    ...(policy.tcpRetryEvents ?? []).map((e) => tcpEvents[e] ?? e),
    ...httpRetryEvents.flatMap((e) => (httpEventCodes[e] ? [] : [httpEventTokens[e] ?? e])),
    ...(codes.length ? ['retriable-status-codes'] : []),
    ...('grpcRetryEvents' in policy ? (policy.grpcRetryEvents ?? []) : []),
  ];
  const perTry = appMeshDurationMillis(policy.perRetryTimeout);
  return {
    retryOn: [...new Set(tokens)].join(','),
    ...(codes.length ? { retriableStatusCodes: codes } : {}),
    numRetries: saturatingU32(policy.maxRetries),
    ...(perTry ? { perTryTimeout: durationFromMillis(perTry) } : {}),
    ...otherHost,
  };
}

/** Weighted clusters, in target order, named by `clusterOf`. */
export function weightedClusters(targets: readonly Target[], clusterOf: (t: Target) => string): Json {
  return { clusters: targets.map((t) => ({ name: clusterOf(t), ...(t.weight ? { weight: u32(t.weight) } : {}) })) };
}

/** The RouteAction of an HTTP, HTTP/2 or gRPC route: weights, retries, timeouts. */
export function httpRouteAction(route: ResolvedRoute, clusterOf: (t: Target) => string): Json {
  const spec = route.spec as HttpRoute | GrpcRoute;
  const perRequest = appMeshDurationMillis(spec.timeout?.perRequest) ?? defaults.perRequestTimeoutMs;
  const idle = appMeshDurationMillis(spec.timeout?.idle);
  // Proxyless gRPC reads a gRPC route's deadline from max_stream_duration, not timeout.
  const grpcDeadline = route.type === 'grpcRoute' && perRequest ? { maxStreamDuration: { maxStreamDuration: durationFromMillis(perRequest) } } : {};
  return {
    ...grpcDeadline,
    weightedClusters: weightedClusters(route.targets, clusterOf),
    ...(perRequest ? { timeout: durationFromMillis(perRequest) } : { timeout: {} }),
    ...(idle !== undefined ? { idleTimeout: durationFromMillis(idle) } : {}),
    // maxRetries 0 is "no retries": said by leaving the policy out, because a zero
    // num_retries encodes as an empty wrapper, which proxyless gRPC reads as 1.
    ...(spec.retryPolicy?.maxRetries === 0 ? {} : { retryPolicy: retryPolicy(spec.retryPolicy) }),
  };
}
