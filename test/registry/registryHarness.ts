import { registryDynamoFeed } from '../../core/adapters/dynamodb/registryDynamoFeed.js';
import { registryDynamoStore } from '../../core/adapters/dynamodb/registryDynamoStore.js';
import type { RegistryFeed } from '../../core/application/registryFeed.js';
import { handleRegistryCommand } from '../../core/application/registryCommands.js';
import type { Instance } from '../../core/domain/registry/instance.js';
import { registryStreamOf } from '../../core/domain/registry/instance.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import { create, id, projectorHarness } from '../projection/projectorHarness.js';

export const mesh = 'shop';
export const cartService = { namespace: 'shop.local', service: 'cart' };
export const cartStream = registryStreamOf(cartService);
const http8080 = [{ portMapping: { port: 8080, protocol: 'http' } }];

export const cartInstance = (instanceId: string, ipv4: string, stage: string): Instance => ({ ...cartService, instanceId, ipv4, port: 8080, attributes: { stage }, ttlSeconds: 30 });

/**
 * A mesh where `web` calls `cart.shop.local`, provided by the Cloud Map node
 * `cart` (instances with stage=live only); `admin` calls nothing. Commands and
 * registrations go through the real handlers; no stream poller runs.
 */
export async function cartMesh(label: string) {
  const h = await projectorHarness(label);
  await h.run(create(id('mesh', mesh, mesh)));
  await h.run(create(id('virtualNode', mesh, 'cart'), {
    listeners: http8080,
    serviceDiscovery: { awsCloudMap: { namespaceName: 'shop.local', serviceName: 'cart', attributes: [{ key: 'stage', value: 'live' }] } },
  }));
  await h.run(create(id('virtualService', mesh, 'cart.shop.local'), { provider: { virtualNode: { virtualNodeName: 'cart' } } }));
  await h.run(create(id('virtualNode', mesh, 'web'), { listeners: http8080, serviceDiscovery: { dns: { hostname: 'web.shop.local' } }, backends: [{ virtualService: { virtualServiceName: 'cart.shop.local' } }] }));
  await h.run(create(id('virtualNode', mesh, 'admin'), { listeners: http8080, serviceDiscovery: { dns: { hostname: 'admin.shop.local' } } }));
  const client = documentClient(dynamoClient(h.config));
  const registry = registryDynamoStore(client, h.config.tables);
  const feed = registryDynamoFeed(client, h.config.tables);
  const deps = { registry, now: () => Date.now(), backoff: async () => undefined };
  return {
    h,
    feed,
    meshStream: await h.streamOf(mesh),
    register: (instance: Instance) => handleRegistryCommand({ type: 'register', instance }, { requestId: 'r', actor: 'test' }, deps),
    deregister: (instance: Instance) => handleRegistryCommand({ type: 'deregister', key: instance }, { requestId: 'r', actor: 'test' }, deps),
    snapshot: async (node: string): Promise<Snapshot> => (await h.store.getSnapshot(mesh, `virtualNode/${node}`))?.snapshot ?? expectSnapshot(node),
  };
}

const expectSnapshot = (node: string): never => {
  throw new Error(`no snapshot for ${node}`);
};

/** The addresses in a snapshot's assignment for the cluster to `cart`. */
export function cartAddresses(snapshot: Snapshot): string[] {
  const assignments = snapshot.resources.endpoint.filter((e) => String(e['clusterName']).includes('_cart_'));
  if (assignments.length !== 1) throw new Error(`expected one assignment for cart, got ${assignments.map((e) => String(e['clusterName'])).join(', ')}`);
  const localities = (assignments[0]?.['endpoints'] ?? []) as { lbEndpoints: { endpoint: { address: { socketAddress: { address: string } } } }[] }[];
  return localities.flatMap((l) => l.lbEndpoints.map((e) => e.endpoint.address.socketAddress.address)).sort();
}

/** A feed that answers reads of the registry as they stood before any event: a process that read just before a change landed. */
export function staleOnce(feed: RegistryFeed): RegistryFeed {
  let staleState = true;
  let staleEvents = true;
  return {
    ...feed,
    async readRegistryState(service) {
      if (staleState && registryStreamOf(service) === cartStream) {
        staleState = false;
        return { version: 0, instances: [] };
      }
      return feed.readRegistryState(service);
    },
    async readRegistryEvents(stream, afterVersion, limit) {
      if (staleEvents && stream === cartStream) {
        staleEvents = false;
        return [];
      }
      return feed.readRegistryEvents(stream, afterVersion, limit);
    },
  };
}
