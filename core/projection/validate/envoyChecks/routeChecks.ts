// What Envoy's route table refuses (router/config_impl.cc): a domain twice in
// one route configuration (Envoy lower-cases domains first), a second "*",
// and weighted clusters whose weights sum to 0, overflow uint32, or miss a
// total_weight that is set.
import type { Finding } from '../violation.js';
import type { Json } from './check.js';
import { isObject, objects, visitObjects } from './check.js';

/** Route configurations inline in an HTTP connection manager (API listeners), checked as route configurations are. */
export function inlineRouteConfigFindings(listener: Json): Finding[] {
  const out: Finding[] = [];
  visitObjects(listener, (object, key, pathOf) => {
    if (key === 'routeConfig') for (const f of routeConfigFindings(object, pathOf())) out.push(f);
  });
  return out;
}

export function routeConfigFindings(config: Json, base = ''): { path: string; rule: string; message: string }[] {
  const out: { path: string; rule: string; message: string }[] = [];
  const at = (p: string) => (base ? `${base}.${p}` : p);
  const domains = new Map<string, string>();
  let wildcard: string | undefined;
  objects(config['virtualHosts']).forEach((host, h) => {
    (Array.isArray(host['domains']) ? host['domains'] : []).forEach((domain: unknown, d: number) => {
      if (typeof domain !== 'string') return;
      const path = at(`virtualHosts[${h}].domains[${d}]`);
      if (domain === '*') {
        if (wildcard) out.push({ path, rule: 'envoy.duplicate_wildcard_domain', message: `only one virtual host may have the domain "*" (${wildcard} has it)` });
        wildcard ??= path;
        return;
      }
      const key = domain.toLowerCase();
      const first = domains.get(key);
      if (first) out.push({ path, rule: 'envoy.duplicate_domain', message: `domain ${JSON.stringify(domain)} duplicates ${first} (Envoy compares domains lower-cased)` });
      else domains.set(key, `${path} ${JSON.stringify(domain)}`);
    });
    visitObjects(host, (object, key, pathOf) => {
      if (key === 'weightedClusters') out.push(...weightFindings(object, pathOf()));
    }, at(`virtualHosts[${h}]`));
  });
  return out;
}

function weightFindings(weighted: Json, path: string): { path: string; rule: string; message: string }[] {
  const sum = objects(weighted['clusters']).reduce((s, c) => s + (isObject(c['weight']) && typeof c['weight']['value'] === 'number' ? c['weight']['value'] : 0), 0);
  if (sum === 0) return [{ path: `${path}.clusters`, rule: 'envoy.weights_sum_zero', message: 'the weights of the weighted clusters sum to 0; the sum must be greater than 0' }];
  if (sum > 4294967295) return [{ path: `${path}.clusters`, rule: 'envoy.weights_sum_overflow', message: `the weights sum to ${sum}, over uint32's 4294967295` }];
  const total = isObject(weighted['totalWeight']) ? weighted['totalWeight']['value'] : undefined;
  if (typeof total === 'number' && total !== sum) return [{ path: `${path}.totalWeight`, rule: 'envoy.weights_total', message: `the weights sum to ${sum}, not to total_weight ${total}` }];
  return [];
}
