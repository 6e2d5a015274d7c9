import type { GatewayRouteHostnameMatch } from '../../model/appMeshTypes.js';

type Json = Record<string, unknown>;

/** The Envoy routes of one gateway route, with the hostname it matches (if any). */
export interface HostRoutes {
  readonly hostname?: GatewayRouteHostnameMatch;
  readonly routes: readonly Json[];
}

/**
 * Groups gateway routes (already in priority order) into virtual hosts.
 * App Mesh tried every gateway route in priority order and a hostname was
 * just one more condition; Envoy first picks one virtual host by Host (exact
 * domain, else the longest `*suffix`, else `*`) and then tries only its
 * routes. So each virtual host gets every gateway route that holds for all
 * hosts it receives, in the original order:
 * - exact `h`: routes for `h`, for suffixes `h` ends with, and without hostname;
 * - `*s` (App Mesh's suffix `s`: a host ending in `s`, at least one character
 *   before it): routes for suffixes `s` ends with, and without hostname;
 * - `*`: routes without hostname.
 * A virtual host left without routes is dropped, so its hosts fall through.
 * Hostnames are compared lowercased, as Envoy (and DNS) compare them.
 */
export function gatewayVirtualHosts(baseName: string, given: readonly HostRoutes[]): Json[] {
  const entries = given.map((e) => ({ ...e, hostname: lowercase(e.hostname) }));
  const exact = unique(entries.map((e) => e.hostname?.exact));
  const suffixes = unique(entries.map((e) => (e.hostname?.exact === undefined ? e.hostname?.suffix : undefined)));
  const anyHost = (e: HostRoutes) => e.hostname?.exact === undefined && e.hostname?.suffix === undefined;
  const endsWithSuffix = (host: string, e: HostRoutes) => e.hostname?.exact === undefined && e.hostname?.suffix !== undefined && host.endsWith(e.hostname.suffix) && host.length > e.hostname.suffix.length;

  const hosts = [
    ...exact.map((h) => ({ domain: h, holds: (e: HostRoutes) => anyHost(e) || e.hostname?.exact === h || endsWithSuffix(h, e) })),
    ...suffixes.map((s) => ({ domain: `*${s}`, holds: (e: HostRoutes) => anyHost(e) || (e.hostname?.exact === undefined && e.hostname?.suffix !== undefined && s.endsWith(e.hostname.suffix)) })),
    { domain: '*', holds: anyHost },
  ];
  return hosts.flatMap(({ domain, holds }) => {
    const routes = entries.filter(holds).flatMap((e) => e.routes);
    if (routes.length === 0) return [];
    return [{ name: domain === '*' ? baseName : `${baseName}_${domain}`, domains: [domain], routes }];
  });
}

function lowercase(hostname: GatewayRouteHostnameMatch | undefined): GatewayRouteHostnameMatch | undefined {
  if (hostname?.exact !== undefined) return { exact: hostname.exact.toLowerCase() };
  if (hostname?.suffix !== undefined) return { suffix: hostname.suffix.toLowerCase() };
  return undefined;
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort();
}
