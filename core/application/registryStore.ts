import type { InstanceRecord } from '../domain/registry/decideInstance.js';
import type { InstanceKey, RegistryEvent, ServiceKey } from '../domain/registry/instance.js';
import type { Page, PageRequest } from './meshStore.js';

/**
 * What the registry's commands, heartbeats and sweeper need from storage: a
 * current-state record per instance beside its service's event stream, with
 * the same stream-head discipline as a mesh.
 */
export interface RegistryStore {
  /** The service's stream head, read first, then the instance: an append at this version sees nothing newer. */
  loadInstance(key: InstanceKey): Promise<RegistryView>;
  /**
   * Appends one event and writes the record it results in (or removes it), all
   * or nothing. `conflict`: the stream moved past `expectedVersion`, or (for an
   * expiry) a heartbeat changed `lastSeen` since the view was read.
   */
  append(commit: RegistryCommit): Promise<'appended' | 'conflict'>;
  /** Sets `lastSeen` of a registered instance; undefined when there is no such instance. No event. */
  heartbeat(key: InstanceKey, now: number): Promise<InstanceRecord | undefined>;
  /** A service's instances in instance-id order. */
  listInstances(service: ServiceKey, page: PageRequest): Promise<Page<InstanceRecord>>;
  /** Every service that has ever had an instance, in name order. */
  listServices(page: PageRequest): Promise<Page<ServiceKey>>;
}

export interface RegistryView {
  /** The version of the service stream's last event; 0 before its first. */
  readonly version: number;
  readonly record?: InstanceRecord;
}

export interface RegistryCommit {
  readonly expectedVersion: number;
  readonly event: RegistryEvent;
  /** For a registration: the `lastSeen` the record starts with. */
  readonly lastSeen: number;
  /** For a removal: the `lastSeen` the decision saw, so a heartbeat landing meanwhile wins. */
  readonly expectedLastSeen?: number;
}
