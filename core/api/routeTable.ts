import { operations } from '../model/serviceModel.js';

/** One HTTP route: a method and a path template such as `/v20190125/meshes/{meshName}`. */
export interface RouteSpec {
  readonly operation: string;
  readonly method: string;
  readonly template: string;
}

export interface MatchedRoute {
  readonly operation: string;
  readonly labels: Record<string, string>;
}

export type RouteMatch = { readonly kind: 'matched'; readonly route: MatchedRoute } | { readonly kind: 'wrongMethod'; readonly allowed: string[] } | { readonly kind: 'none' };

/** App Mesh's 38 operations, straight from the service model (apiRoutes.ts adds Weft's own). */
export function appMeshRoutes(): RouteSpec[] {
  return Object.entries(operations).map(([operation, op]) => ({ operation, method: op.http.method, template: op.http.requestUri }));
}

interface CompiledRoute extends RouteSpec {
  readonly segments: readonly ({ readonly literal: string } | { readonly label: string })[];
}

export function routeTable(routes: readonly RouteSpec[]): (method: string, path: string) => RouteMatch {
  const compiled: CompiledRoute[] = routes.map((r) => ({
    ...r,
    segments: r.template.split('/').filter(Boolean).map((s) => (/^\{(\w+)\}$/.test(s) ? { label: s.slice(1, -1) } : { literal: s })),
  }));
  return (method, path) => {
    const parts = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of compiled) {
      const labels = matchSegments(route, parts);
      if (!labels) continue;
      if (route.method === method.toUpperCase()) return { kind: 'matched', route: { operation: route.operation, labels } };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'wrongMethod', allowed } : { kind: 'none' };
  };
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  if (parts.length !== route.segments.length) return undefined;
  const labels: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i];
    const part = parts[i] ?? '';
    if (!segment) return undefined;
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      try {
        labels[segment.label] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return labels;
}
