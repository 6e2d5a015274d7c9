import type { HttpGatewayRoute } from '../../model/appMeshTypes.js';

type Json = Record<string, unknown>;

/**
 * Path rewrites of an HTTP/HTTP2 gateway route: the fields added to each
 * Envoy RouteAction the gateway route produces.
 * - `path.exact` replaces the whole path (query kept), whatever matched.
 * - A prefix match swaps the matched prefix for `prefix.value`, or for `/`
 *   by default; `prefix.defaultPrefix: DISABLED` keeps the path.
 *   App Mesh turned `/red/tell` into `/tell` for a `/red` match, so a prefix
 *   without a trailing slash also takes the slash after it; Envoy's plain
 *   prefixRewrite would give `//tell`. Both forms are regex rewrites.
 */
export function pathRewrite(route: HttpGatewayRoute): Json {
  const { match, action } = route;
  const fixed = action.rewrite?.path?.exact;
  if (fixed !== undefined) return { regexRewrite: { pattern: { regex: '^.*$' }, substitution: fixed } };
  if (match.path) return {};

  const whole = match.prefix ?? '/';
  const prefix = action.rewrite?.prefix;
  const to = prefix?.value ?? (prefix?.defaultPrefix === 'DISABLED' ? undefined : '/');
  if (to === undefined || to === whole) return {};
  // A regex anchored on the gateway's own prefix, as App Mesh's rewrite behaved.
  if (whole.endsWith('/')) return { regexRewrite: { pattern: { regex: `^${escapeRegex(whole)}` }, substitution: to } };
  return { regexRewrite: { pattern: { regex: `^${escapeRegex(whole)}/?` }, substitution: to } };
}

/** RE2 and JavaScript share these metacharacters. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
