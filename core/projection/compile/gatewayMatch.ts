type Json = Record<string, unknown>;

/** One Envoy path specifier: exactly one of prefix, path (exact) or safeRegex. */
export type PathSpec = { readonly prefix: string } | { readonly path: string } | { readonly safeRegex: { readonly regex: string } };

/**
 * What a gateway route does to the path before the target service's routes
 * see it: nothing, a prefix swap (`from` + rest -> `to` + rest; `whole` is the
 * gateway's own prefix, which also becomes `to`), or a fixed path.
 */
export type PathView =
  | { readonly kind: 'none' }
  | { readonly kind: 'prefix'; readonly whole: string; readonly from: string; readonly to: string }
  | { readonly kind: 'fixed'; readonly path: string };

export function pathSpecOf(match: Json): PathSpec {
  if (typeof match['path'] === 'string') return { path: match['path'] };
  if (match['safeRegex']) return { safeRegex: match['safeRegex'] as { regex: string } };
  return { prefix: typeof match['prefix'] === 'string' ? match['prefix'] : '/' };
}

/**
 * App Mesh sent a request through the gateway route to the virtual service,
 * whose router then matched the (rewritten) request against its own routes.
 * Envoy cannot chain two route tables, so each router route becomes one
 * Envoy route matching "gateway route AND router route", the router route's
 * path first carried back through the rewrite into the request's own path:
 * - fixed path X (exact match or path rewrite): the router path is decided
 *   here, against X; the gateway's own path match stays.
 * - prefix swap P -> V: router prefix Q under V matches P + (Q after V); a
 *   router prefix V or shorter matches all of P; a router exact path E under
 *   V becomes exact P + (E after V). A router regex cannot be carried back.
 * - no rewrite: prefixes intersect (the longer when one starts with the
 *   other), an exact path must lie in the other match, and a regex is kept
 *   with the other side checked as a `:path` header.
 * Headers, query parameters and the gRPC flag are simply both required.
 * Undefined when no request can match both.
 */
export function combineMatches(gateway: Json, view: PathView, route: Json): Json | undefined {
  const path = combinePath(pathSpecOf(gateway), view, pathSpecOf(route));
  if (!path) return undefined;
  const headers = [...list(gateway['headers']), ...path.headers, ...list(route['headers'])];
  const query = [...list(gateway['queryParameters']), ...list(route['queryParameters'])];
  return {
    ...path.spec,
    ...(headers.length ? { headers } : {}),
    ...(query.length ? { queryParameters: query } : {}),
    ...(gateway['grpc'] || route['grpc'] ? { grpc: {} } : {}),
  };
}

interface Combined {
  readonly spec: PathSpec;
  readonly headers: Json[];
}

function combinePath(gateway: PathSpec, view: PathView, route: PathSpec): Combined | undefined {
  const keep = (spec: PathSpec, headers: Json[] = []): Combined => ({ spec, headers });
  if (view.kind === 'fixed') return admits(route, view.path) ? keep(gateway) : undefined;
  if (view.kind === 'prefix') {
    const { whole, from, to } = view;
    if ('prefix' in route) {
      if (to.startsWith(route.prefix)) return keep({ prefix: whole });
      return route.prefix.startsWith(to) ? keep({ prefix: from + route.prefix.slice(to.length) }) : undefined;
    }
    if ('path' in route) return route.path.startsWith(to) ? keep({ path: from + route.path.slice(to.length) }) : undefined;
    return undefined;
  }
  if ('path' in gateway) return admits(route, gateway.path) ? keep(gateway) : undefined;
  if ('path' in route) return admits(gateway, route.path) ? keep(route) : undefined;
  if ('prefix' in gateway && 'prefix' in route) {
    if (gateway.prefix.startsWith(route.prefix)) return keep(gateway);
    return route.prefix.startsWith(gateway.prefix) ? keep(route) : undefined;
  }
  // At least one regex: it stays the path specifier, the other side is checked on `:path`.
  const [spec, other] = 'safeRegex' in gateway ? [gateway, route] : [route, gateway];
  if ('prefix' in other) return keep(spec, other.prefix === '/' ? [] : [{ name: ':path', stringMatch: { prefix: other.prefix } }]);
  // `:path` carries the query string too.
  const regex = 'safeRegex' in other ? other.safeRegex.regex : '';
  return keep(spec, [{ name: ':path', stringMatch: { safeRegex: { regex: `(?:${regex})(?:\\?.*)?` } } }]);
}

/** Whether a path specifier matches one known path. Envoy regexes are RE2; JavaScript agrees on the common subset. */
export function admits(spec: PathSpec, path: string): boolean {
  if ('prefix' in spec) return path.startsWith(spec.prefix);
  if ('path' in spec) return path === spec.path;
  try {
    return new RegExp(`^(?:${spec.safeRegex.regex})$`).test(path);
  } catch {
    return false;
  }
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
