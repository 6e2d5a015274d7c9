import type { ResourceType } from '../envoy/typeUrls.js';
import { resourceTypes } from '../envoy/typeUrls.js';

/** One Envoy resource in protobufjs object form (see envoy/proto.ts). */
export type EnvoyResource = Record<string, unknown>;

/** What one proxy needs: every xDS resource of every type, keyed by name. */
export type EnvoyConfig = Record<ResourceType, Map<string, EnvoyResource>>;

export function emptyConfig(): EnvoyConfig {
  return Object.fromEntries(resourceTypes.map((t) => [t, new Map()])) as EnvoyConfig;
}

/** Endpoints are named by `clusterName`; everything else by `name`. */
export function resourceName(resource: EnvoyResource): string {
  return String(resource['name'] ?? resource['clusterName']);
}

/** Adds a resource; the same name twice keeps the first (shared clusters are built identically). */
export function addResource(config: EnvoyConfig, type: ResourceType, resource: EnvoyResource): void {
  const name = resourceName(resource);
  if (!config[type].has(name)) config[type].set(name, resource);
}
