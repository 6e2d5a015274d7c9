import type { DnsServiceDiscovery, MeshSpec } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { nodeSpec } from './resolveService.js';

type Json = Record<string, unknown>;
export type IpPreference = NonNullable<DnsServiceDiscovery['ipPreference']>;

/** A node's own IP preference wins; the mesh's applies to nodes without one (App Mesh's rule). */
export function ipPreferenceOf(node: Resource, meshSpec: MeshSpec | undefined): IpPreference | undefined {
  const discovery = nodeSpec(node).serviceDiscovery;
  return discovery?.dns?.ipPreference ?? discovery?.awsCloudMap?.ipPreference ?? meshSpec?.serviceDiscovery?.ipPreference;
}

// IPv6_PREFERRED is Envoy's AUTO, the enum's zero value, so it is never written;
// App Mesh left DNS at AUTO when no preference was set, too.
const dnsFamily: Partial<Record<IpPreference, string>> = { IPv4_ONLY: 'V4_ONLY', IPv6_ONLY: 'V6_ONLY', IPv4_PREFERRED: 'V4_PREFERRED' };

export function dnsLookupFamily(preference: IpPreference | undefined): Json {
  const family = preference && dnsFamily[preference];
  return family ? { dnsLookupFamily: family } : {};
}

/** Envoy reaches the local application over IPv4 unless the preference names IPv6. */
export function localAppAddress(preference: IpPreference | undefined): string {
  return preference === 'IPv6_ONLY' || preference === 'IPv6_PREFERRED' ? '::1' : '127.0.0.1';
}

/** Cloud Map instances: IPv4 first unless the preference says otherwise; ONLY drops instances without that family. */
export function instanceAddress(instance: { readonly ipv4?: string; readonly ipv6?: string }, preference: IpPreference | undefined): string | undefined {
  switch (preference) {
    case 'IPv4_ONLY':
      return instance.ipv4;
    case 'IPv6_ONLY':
      return instance.ipv6;
    case 'IPv6_PREFERRED':
      return instance.ipv6 ?? instance.ipv4;
    default:
      return instance.ipv4 ?? instance.ipv6;
  }
}

/** The name callers know a node by: its DNS hostname, or `<service>.<namespace>` in Cloud Map. */
export function discoveryHost(node: Resource): string | undefined {
  const discovery = nodeSpec(node).serviceDiscovery;
  if (discovery?.dns) return discovery.dns.hostname;
  if (discovery?.awsCloudMap) return `${discovery.awsCloudMap.serviceName}.${discovery.awsCloudMap.namespaceName}`;
  return undefined;
}
