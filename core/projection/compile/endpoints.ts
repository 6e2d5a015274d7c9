import type { MeshSpec } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { addResource } from './envoyConfig.js';
import { healthCheckPort } from './healthCheck.js';
import type { Target } from './resolveService.js';
import { nodeSpec } from './resolveService.js';
import { instanceAddress, ipPreferenceOf } from './serviceDiscovery.js';

/**
 * For Cloud Map nodes: the registered instances matching the node's
 * attributes, as the EDS assignment. Every endpoint uses the target
 * listener's port, not the instance's registered port: callers always send
 * to the node's listener port (its Envoy takes it from there), and App
 * Mesh's Kubernetes controller registered instances without one.
 */
export function addEndpoints(config: EnvoyConfig, reader: MeshReader, clusterName: string, target: Target): void {
  const cloudMap = nodeSpec(target.node).serviceDiscovery?.awsCloudMap;
  if (!cloudMap) return;
  const preference = ipPreferenceOf(target.node, reader.mesh()?.spec as MeshSpec | undefined);
  const wanted = cloudMap.attributes ?? [];
  const healthCheck = nodeSpec(target.node).listeners?.find((l) => l.portMapping.port === target.port)?.healthCheck;
  const lbEndpoints = reader
    .instancesOf(cloudMap.namespaceName, cloudMap.serviceName)
    .filter((i) => wanted.every((a) => i.attributes[a.key] === a.value))
    .sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1))
    .flatMap((i) => {
      const address = instanceAddress(i, preference);
      return address ? [{ endpoint: { address: { socketAddress: { address, portValue: target.port } }, ...healthCheckPort(healthCheck, target.port) } }] : [];
    });
  // No instances is an empty assignment; an empty locality would not survive the wire.
  // One locality with a weight: proxyless gRPC NACKs an assignment without a locality and skips an unweighted one.
  addResource(config, 'endpoint', lbEndpoints.length ? { clusterName, endpoints: [{ locality: {}, loadBalancingWeight: { value: 1 }, lbEndpoints }] } : { clusterName });
}

export function isCloudMapNode(node: Resource): boolean {
  return nodeSpec(node).serviceDiscovery?.awsCloudMap !== undefined;
}
