import type { Instance, ServiceKey } from '../domain/registry/instance.js';
import { registryStreamOf, serviceOfStream } from '../domain/registry/instance.js';
import { discoveredAttributes, evolveInstances } from '../domain/registry/decideInstance.js';
import { isRegistrableService } from '../domain/registry/registration.js';
import type { AwsCloudMapServiceDiscovery } from '../model/appMeshTypes.js';
import type { ServiceInstance } from '../projection/meshReader.js';
import { instancesKey } from '../projection/meshReader.js';
import type { MeshState } from '../projection/meshState.js';
import type { Projection } from '../projection/projection.js';
import type { RegistryFeed, RegistrySubscriber } from './registryFeed.js';

const pageSize = 500;

/** How one mesh projection uses the registry: the services its nodes name, the versions it compiled against, what it subscribed to. */
export interface RegistryUse {
  services: Map<string, ServiceKey>;
  readonly compiledAt: Map<string, number>;
  readonly subscribed: Map<string, ServiceKey>;
}

export const emptyRegistryUse = (): RegistryUse => ({ services: new Map(), compiledAt: new Map(), subscribed: new Map() });

interface ServiceState {
  version: number;
  readonly instances: Map<string, Instance>;
  /** What compiles read, built once per version. */
  view?: readonly ServiceInstance[];
  /** The first catch-up's read of the registry's current state, shared by concurrent catch-ups. */
  seeded?: Promise<void>;
}

/**
 * The projector's side of the registry: each Cloud Map service's instances,
 * folded from its stream and shared by every mesh in the process, and the
 * subscriptions that let a registry change reach meshes this process never
 * loaded. Without a feed (tests of mesh projection alone), nothing is registered.
 */
export function createRegistryLink(feed: RegistryFeed | undefined) {
  const services = new Map<string, ServiceState>();
  const stateOf = (key: string): ServiceState => {
    const state = services.get(key) ?? { version: 0, instances: new Map() };
    services.set(key, state);
    return state;
  };

  /** Starts a service from the registry's current state, not from version 0 of its stream: a cold start reads a few items, not years of registrations. */
  async function seed(feed: RegistryFeed, service: ServiceKey, state: ServiceState): Promise<void> {
    const now = await feed.readRegistryState(service);
    if (now.version <= state.version) return;
    state.instances.clear();
    for (const instance of now.instances) state.instances.set(instance.instanceId, instance);
    state.version = now.version;
    delete state.view;
  }

  async function catchUp(service: ServiceKey): Promise<void> {
    if (!feed) return;
    const state = stateOf(instancesKey(service.namespace, service.service));
    await (state.seeded ??= seed(feed, service, state).catch((error: unknown) => {
      delete state.seeded; // the next catch-up tries again
      throw error;
    }));
    for (let page; (page = await feed.readRegistryEvents(registryStreamOf(service), state.version, pageSize)).length > 0; ) {
      for (const event of page) {
        if (event.version <= state.version) continue;
        evolveInstances(state.instances, event);
        state.version = event.version;
        delete state.view;
      }
      if (page.length < pageSize) break;
    }
  }

  return {
    instancesOf(namespace: string, service: string): readonly ServiceInstance[] {
      const state = services.get(instancesKey(namespace, service));
      if (!state) return [];
      state.view ??= [...state.instances.values()].map((i) => ({
        instanceId: i.instanceId,
        ...(i.ipv4 !== undefined ? { ipv4: i.ipv4 } : {}),
        ...(i.ipv6 !== undefined ? { ipv6: i.ipv6 } : {}),
        port: i.port,
        attributes: discoveredAttributes(i),
      }));
      return state.view;
    },

    /**
     * Brings every Cloud Map service the mesh's nodes name up to its log (a
     * compile is synchronous, so instances must be in memory first, and another
     * process may have moved them), and returns the keys that moved since the
     * mesh last compiled.
     */
    async refresh(mesh: MeshState, use: RegistryUse): Promise<string[]> {
      use.services = cloudMapServicesOf(mesh);
      await Promise.all([...use.services.values()].map(catchUp));
      return [...use.services.keys()].filter((key) => (use.compiledAt.get(key) ?? 0) !== (services.get(key)?.version ?? 0));
    },

    /** Call right before compiling: the versions the compile sees. */
    markCompiled(use: RegistryUse): void {
      use.compiledAt.clear();
      for (const key of use.services.keys()) use.compiledAt.set(key, services.get(key)?.version ?? 0);
    },

    /** Subscribes the mesh to every service its proxies now read, and drops the rest. */
    async settle(subscriber: RegistrySubscriber, projection: Projection, use: RegistryUse): Promise<void> {
      if (!feed) return;
      const read = new Set([...use.services.keys()].filter((key) => (projection.dependents.get(key)?.size ?? 0) > 0));
      for (const key of read) {
        const service = use.services.get(key);
        if (use.subscribed.has(key) || !service) continue;
        await feed.subscribe(registryStreamOf(service), subscriber);
        use.subscribed.set(key, service);
      }
      for (const [key, service] of [...use.subscribed].filter(([k]) => !read.has(k))) {
        await feed.unsubscribe(registryStreamOf(service), subscriber);
        use.subscribed.delete(key);
      }
    },

    /**
     * A registry stream's nudge: catch the service up, then bring up every mesh
     * subscribed to it, loaded here or not; each recompiles the proxies that
     * read the service. A subscription no proxy needs any more is dropped.
     */
    async project(stream: string, projectMesh: (meshStream: string) => Promise<unknown>, useOf: (meshStream: string) => RegistryUse | undefined): Promise<void> {
      const service = serviceOfStream(stream);
      if (!feed || !service) return;
      await catchUp(service);
      const key = instancesKey(service.namespace, service.service);
      const failures: unknown[] = [];
      for (const subscriber of await feed.subscribersOf(stream)) {
        try {
          await projectMesh(subscriber.meshStream);
          if (!useOf(subscriber.meshStream)?.subscribed.has(key)) await feed.unsubscribe(stream, subscriber);
        } catch (error) {
          failures.push(error); // the other meshes still get the change; the batch is retried for this one
        }
      }
      if (failures.length > 0) throw failures[0];
    },
  };
}

export type RegistryLink = ReturnType<typeof createRegistryLink>;

/** The Cloud Map services a mesh's virtual nodes name, by the key their reads are tracked under. */
export function cloudMapServicesOf(mesh: MeshState): Map<string, ServiceKey> {
  const found = new Map<string, ServiceKey>();
  for (const [key, resource] of mesh.resources) {
    if (!key.startsWith('virtualNode/')) continue;
    const cloudMap = (resource.spec['serviceDiscovery'] as { awsCloudMap?: AwsCloudMapServiceDiscovery } | undefined)?.awsCloudMap;
    const service = cloudMap && { namespace: cloudMap.namespaceName, service: cloudMap.serviceName };
    if (service && isRegistrableService(service)) found.set(instancesKey(service.namespace, service.service), service);
  }
  return found;
}
