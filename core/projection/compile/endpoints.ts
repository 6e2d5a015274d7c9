import type { Resource } from '../../domain/resource.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import type { Target } from './resolveService.js';
import { nodeSpec } from './resolveService.js';

/** For Cloud Map nodes: the registered instances matching the node's attributes, as the EDS assignment. */
export function addEndpoints(config: EnvoyConfig, reader: MeshReader, clusterName: string, target: Target): void {
  const cloudMap = nodeSpec(target.node).serviceDiscovery?.awsCloudMap;
  if (!cloudMap) return;
  const wanted = cloudMap.attributes ?? [];
  const instances = reader
    .instancesOf(cloudMap.namespaceName, cloudMap.serviceName)
    .filter((i) => wanted.every((a) => i.attributes[a.key] === a.value))
    .sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1));
  const preferV6 = cloudMap.ipPreference === 'IPv6_ONLY' || cloudMap.ipPreference === 'IPv6_PREFERRED';
  addResource(config, 'endpoint', {
    clusterName,
    endpoints: [
      {
        lbEndpoints: instances.flatMap((i) => {
          const address = (preferV6 ? i.ipv6 ?? i.ipv4 : i.ipv4 ?? i.ipv6) ?? '';
          if (!address || (cloudMap.ipPreference === 'IPv4_ONLY' && !i.ipv4) || (cloudMap.ipPreference === 'IPv6_ONLY' && !i.ipv6)) return [];
          return [{ endpoint: { address: { socketAddress: { address, portValue: i.port || target.port } } } }];
        }),
      },
    ],
  });
}

export function isCloudMapNode(node: Resource): boolean {
  return nodeSpec(node).serviceDiscovery?.awsCloudMap !== undefined;
}
