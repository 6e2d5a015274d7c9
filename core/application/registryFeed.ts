import type { Instance, ServiceKey, StoredRegistryEvent } from '../domain/registry/instance.js';

/** A mesh whose projection reads a Cloud Map service's instances. */
export interface RegistrySubscriber {
  readonly mesh: string;
  /** The mesh's event stream when it subscribed: a mesh deleted and created again has a new one. */
  readonly meshStream: string;
}

/**
 * What the projector needs for Cloud Map instances: the registry streams, and
 * a record of which meshes read which service, kept in storage because the
 * process that handles a registry change may never have loaded those meshes.
 */
export interface RegistryFeed {
  readRegistryEvents(stream: string, afterVersion: number, limit: number): Promise<StoredRegistryEvent[]>;
  /**
   * The service's instances as the registry holds them now, and a version of
   * its stream they are at least as new as. A process starting cold begins
   * here instead of replaying the stream from the start; the events after
   * `version` may already be in `instances`, and replaying them changes
   * nothing, since each one sets or removes one whole instance.
   */
  readRegistryState(service: ServiceKey): Promise<{ version: number; instances: Instance[] }>;
  subscribersOf(registryStream: string): Promise<RegistrySubscriber[]>;
  subscribe(registryStream: string, subscriber: RegistrySubscriber): Promise<void>;
  /** Removes the subscription only if it is still that mesh stream's (a newer incarnation may have taken it over). */
  unsubscribe(registryStream: string, subscriber: RegistrySubscriber): Promise<void>;
}
