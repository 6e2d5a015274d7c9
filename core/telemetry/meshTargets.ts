import type { Snapshot } from '../projection/snapshot.js';
import type { EnvoyResource } from '../projection/compile/envoyConfig.js';
import type { ProxyIdentity } from './appMeshMetrics.js';
import { proxyIdentity } from './appMeshMetrics.js';

/** An ingress listener's HTTP connection manager or TCP proxy: stat prefix `ingress.<protocol>.<port>`. */
export interface IngressFilter {
  readonly statPrefix: string;
  readonly protocol: string;
  readonly filter: 'http' | 'tcp';
}

/** An egress cluster that is a mesh target: its TargetVirtualNode and the virtual services whose routes send to it. */
export interface EgressTarget {
  readonly cluster: string;
  readonly virtualNode: string;
  readonly virtualServices: readonly string[];
  /** From App Mesh's cluster name `cds_egress_<mesh>_<node>_<protocol>_<port>`. */
  readonly protocol: string;
}

/** What a node's snapshot says about where its stats come from. */
export interface MeshTargets {
  readonly proxy: ProxyIdentity;
  /** Ingress listeners' stat names (`<address>_<port>`, as Envoy names listener stats). */
  readonly ingressListeners: readonly string[];
  readonly ingressFilters: readonly IngressFilter[];
  /** By cluster name. Only clusters carrying a TargetVirtualNode tag: ADS, SDS, amazonaws, allow-all and self-redirect clusters carry none. */
  readonly egress: ReadonlyMap<string, EgressTarget>;
}

export function meshTargets(snapshot: Snapshot): MeshTargets {
  const ingressListeners: string[] = [];
  const ingressFilters: IngressFilter[] = [];
  for (const listener of snapshot.resources.listener) {
    if (listener['trafficDirection'] !== 'INBOUND') continue;
    const address = (listener['address'] as { socketAddress?: { address?: string; portValue?: number } } | undefined)?.socketAddress;
    if (address) ingressListeners.push(`${address.address}_${address.portValue}`);
    for (const chain of (listener['filterChains'] as EnvoyResource[] | undefined) ?? []) {
      for (const filter of (chain['filters'] as EnvoyResource[] | undefined) ?? []) {
        const statPrefix = (filter['typedConfig'] as { statPrefix?: string } | undefined)?.statPrefix;
        const match = statPrefix ? /^ingress\.([^.]+)\.\d+$/.exec(statPrefix) : null;
        if (!statPrefix || !match || ingressFilters.some((f) => f.statPrefix === statPrefix)) continue;
        ingressFilters.push({ statPrefix, protocol: match[1]!, filter: filter['name'] === 'envoy.filters.network.tcp_proxy' ? 'tcp' : 'http' });
      }
    }
  }
  const services = servicesByCluster(snapshot.resources.route);
  const egress = new Map<string, EgressTarget>();
  for (const cluster of snapshot.resources.cluster) {
    const name = cluster['name'] as string;
    const virtualNode = statsTags(cluster).get('TargetVirtualNode');
    if (virtualNode === undefined) continue;
    const protocol = /_([a-z0-9]+)_\d+$/.exec(name)?.[1] ?? 'http';
    egress.set(name, { cluster: name, virtualNode, virtualServices: [...(services.get(name) ?? [])].sort(), protocol });
  }
  return { proxy: proxyIdentity(snapshot.node), ingressListeners, ingressFilters, egress };
}

/** Egress routes carry their TargetVirtualService; the clusters they send to are that service's targets. */
function servicesByCluster(routeConfigs: readonly EnvoyResource[]): Map<string, Set<string>> {
  const byCluster = new Map<string, Set<string>>();
  for (const config of routeConfigs) {
    for (const host of (config['virtualHosts'] as EnvoyResource[] | undefined) ?? []) {
      for (const route of (host['routes'] as EnvoyResource[] | undefined) ?? []) {
        const service = statsTags(route).get('TargetVirtualService');
        const action = route['route'] as { cluster?: string; weightedClusters?: { clusters?: { name: string }[] } } | undefined;
        if (service === undefined || !action) continue;
        const clusters = action.cluster ? [action.cluster] : (action.weightedClusters?.clusters ?? []).map((c) => c.name);
        for (const cluster of clusters) byCluster.set(cluster, (byCluster.get(cluster) ?? new Set()).add(service));
      }
    }
  }
  return byCluster;
}

/** The tags in a resource's `aws.appmesh.aggregate_stats` metadata (core/projection/compile/aggregateStats.ts). */
function statsTags(resource: EnvoyResource): Map<string, string> {
  const metadata = resource['metadata'] as { filterMetadata?: Record<string, { fields?: { config?: { stringValue?: string } } }> } | undefined;
  const config = metadata?.filterMetadata?.['aws.appmesh.aggregate_stats']?.fields?.config?.stringValue;
  if (config === undefined) return new Map();
  const { tags } = JSON.parse(config) as { tags: { key: string; value: string }[] };
  return new Map(tags.map((t) => [t.key, t.value]));
}
