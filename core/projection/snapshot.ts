import { createHash } from 'node:crypto';
import type { EnvoyConfig, EnvoyResource } from './compile/envoyConfig.js';
import { resourceName } from './compile/envoyConfig.js';
import type { ResourceType } from './envoy/typeUrls.js';
import { resourceTypes } from './envoy/typeUrls.js';

/**
 * A complete, consistent Envoy configuration for one proxy. Its version is a
 * hash of its content: the same mesh always gives the same version, so a
 * replay, a retry or a restart never looks like a change to the fleet.
 */
export interface Snapshot {
  /** `mesh/<mesh>/virtualNode/<name>` or `.../virtualGateway/<name>`, Envoy's node id. */
  readonly node: string;
  readonly version: string;
  readonly resources: Readonly<Record<ResourceType, readonly EnvoyResource[]>>;
}

export function toSnapshot(node: string, config: EnvoyConfig): Snapshot {
  const resources = Object.fromEntries(
    resourceTypes.map((type) => [type, [...config[type].values()].sort((a, b) => compare(resourceName(a), resourceName(b)))]),
  ) as Record<ResourceType, EnvoyResource[]>;
  return { node, version: contentVersion(resources), resources };
}

export function contentVersion(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('base64url').slice(0, 22);
}

/** JSON with object keys sorted, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * go-control-plane's Consistent(), for one snapshot: every cluster a listener
 * or route sends to exists, every route configuration a listener names
 * exists, and every EDS cluster has its assignment. Returns the problems.
 */
export function consistencyIssues(snapshot: Snapshot): string[] {
  const has = (type: ResourceType, name: string) => snapshot.resources[type].some((r) => resourceName(r) === name);
  const issues: string[] = [];
  const refs = { clusters: new Set<string>(), routeConfigs: new Set<string>() };
  for (const r of [...snapshot.resources.listener, ...snapshot.resources.route]) collectReferences(r, refs);
  for (const cluster of refs.clusters) if (!has('cluster', cluster)) issues.push(`cluster '${cluster}' is referenced but not defined`);
  for (const rc of refs.routeConfigs) if (!has('route', rc)) issues.push(`route configuration '${rc}' is referenced but not defined`);
  for (const cluster of snapshot.resources.cluster) {
    if (cluster['type'] === 'EDS' && !has('endpoint', resourceName(cluster))) issues.push(`EDS cluster '${resourceName(cluster)}' has no endpoint assignment`);
  }
  return issues;
}

function collectReferences(value: unknown, refs: { clusters: Set<string>; routeConfigs: Set<string> }, parentKey = ''): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, refs, parentKey);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'cluster' && typeof child === 'string') refs.clusters.add(child);
    else if (key === 'routeConfigName' && typeof child === 'string') refs.routeConfigs.add(child);
    else if (key === 'name' && parentKey === 'clusters' && typeof child === 'string') refs.clusters.add(child);
    else collectReferences(child, refs, key);
  }
}
