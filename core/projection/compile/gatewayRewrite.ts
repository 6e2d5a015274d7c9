import type { GatewayRouteHostnameRewrite, HttpGatewayRoute } from '../../model/appMeshTypes.js';
import type { PathView } from './gatewayMatch.js';

type Json = Record<string, unknown>;

export interface Rewrite {
  /** Fields added to each Envoy RouteAction the gateway route produces. */
  readonly action: Json;
  /** How the target service's routes see the path (gatewayMatch.ts). */
  readonly view: PathView;
}

/**
 * App Mesh sent the request on as if addressed to the target virtual service:
 * Host becomes the service name unless `defaultTargetHostname` is DISABLED.
 */
export function hostRewrite(rewrite: GatewayRouteHostnameRewrite | undefined, serviceName: string): Json {
  return rewrite?.defaultTargetHostname === 'DISABLED' ? {} : { hostRewriteLiteral: serviceName };
}

/**
 * Path rewrites of an HTTP/HTTP2 gateway route.
 * - `path.exact` replaces the whole path (query kept), whatever matched.
 * - A prefix match swaps the matched prefix for `prefix.value`, or for `/`
 *   by default; `prefix.defaultPrefix: DISABLED` keeps the path.
 *   App Mesh turned `/red/tell` into `/tell` for a `/red` match, so a prefix
 *   without a trailing slash also takes the slash after it; Envoy's plain
 *   prefixRewrite would give `//tell`. Both forms are regex rewrites.
 * - An exact path match without rewrite still fixes the path the service sees.
 */
export function pathRewrite(route: HttpGatewayRoute): Rewrite {
  const { match, action } = route;
  const fixed = action.rewrite?.path?.exact;
  if (fixed !== undefined) return { action: { regexRewrite: { pattern: { regex: '^.*$' }, substitution: fixed } }, view: { kind: 'fixed', path: fixed } };
  if (match.path) return { action: {}, view: match.path.exact !== undefined ? { kind: 'fixed', path: match.path.exact } : { kind: 'none' } };

  const whole = match.prefix ?? '/';
  const prefix = action.rewrite?.prefix;
  const to = prefix?.value ?? (prefix?.defaultPrefix === 'DISABLED' ? undefined : '/');
  if (to === undefined || to === whole) return { action: {}, view: { kind: 'none' } };
  // Always a regex anchored on the gateway's own prefix: Envoy's prefix_rewrite
  // replaces the prefix the *Envoy route* matched, which after combining with a
  // router route is longer (`/api/users/`) or an exact path, and would cut the
  // request down to `to` plus whatever follows that longer match.
  if (whole.endsWith('/')) return { action: { regexRewrite: { pattern: { regex: `^${escapeRegex(whole)}` }, substitution: to } }, view: { kind: 'prefix', whole, from: whole, to } };
  return {
    action: { regexRewrite: { pattern: { regex: `^${escapeRegex(whole)}/?` }, substitution: to } },
    view: { kind: 'prefix', whole, from: `${whole}/`, to },
  };
}

/** RE2 and JavaScript share these metacharacters. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
