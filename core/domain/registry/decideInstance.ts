import { notFound } from '../../errors.js';
import type { Instance, InstanceKey, RegistryEvent, RegistryEventType } from './instance.js';
import { sameRegistration } from './instance.js';

export type RegistryCommand =
  | { readonly type: 'register'; readonly instance: Instance }
  | { readonly type: 'deregister'; readonly key: InstanceKey }
  /** The sweeper's: expire the instance if its heartbeat is overdue at `now`. */
  | { readonly type: 'expire'; readonly key: InstanceKey };

/** The instance as the store holds it: its registration and when it was last heard from. */
export interface InstanceRecord {
  readonly instance: Instance;
  /** Milliseconds since the epoch: the last register or heartbeat. */
  readonly lastSeen: number;
}

export interface RegistryMetadata {
  readonly now: number;
  readonly actor: string;
  readonly requestId: string;
}

export const keyOfCommand = (command: RegistryCommand): InstanceKey => (command.type === 'register' ? command.instance : command.key);

export const isOverdue = (record: InstanceRecord, now: number): boolean => record.lastSeen + record.instance.ttlSeconds * 1000 < now;

/**
 * decide(command, current record) -> events: none when nothing changes (a
 * re-register with the same data, an instance already gone or heard from in
 * time), else exactly one. A deregister of an unknown instance is a 404.
 */
export function decideInstance(command: RegistryCommand, current: InstanceRecord | undefined, meta: RegistryMetadata): RegistryEvent[] {
  const event = (type: RegistryEventType, instance: Instance): RegistryEvent[] => [{ type, instance, actor: meta.actor, requestId: meta.requestId, at: meta.now }];
  switch (command.type) {
    case 'register':
      return current && sameRegistration(current.instance, command.instance) ? [] : event('InstanceRegistered', command.instance);
    case 'deregister': {
      if (!current) throw notFound(`Instance '${command.key.instanceId}' is not registered in service '${command.key.service}' of namespace '${command.key.namespace}'.`);
      return event('InstanceDeregistered', current.instance);
    }
    case 'expire':
      return current && isOverdue(current, meta.now) ? event('InstanceExpired', current.instance) : [];
    default: {
      const unknownCommand: never = command;
      throw new Error(`unhandled registry command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

/** evolve(instances, event): a service's instance list, keyed by instance id. */
export function evolveInstances(instances: Map<string, Instance>, event: RegistryEvent): Map<string, Instance> {
  switch (event.type) {
    case 'InstanceRegistered':
      instances.set(event.instance.instanceId, event.instance);
      return instances;
    case 'InstanceDeregistered':
    case 'InstanceExpired':
      instances.delete(event.instance.instanceId);
      return instances;
    default: {
      const unknownEvent: never = event.type;
      throw new Error(`unhandled registry event ${String(unknownEvent)}`);
    }
  }
}

/**
 * How discovery sees an instance: its own attributes plus the ones Cloud Map
 * derives from address and port, so a node's attribute filter may use either.
 */
export function discoveredAttributes(instance: Instance): Record<string, string> {
  return {
    ...instance.attributes,
    ...(instance.ipv4 !== undefined ? { AWS_INSTANCE_IPV4: instance.ipv4 } : {}),
    ...(instance.ipv6 !== undefined ? { AWS_INSTANCE_IPV6: instance.ipv6 } : {}),
    AWS_INSTANCE_PORT: String(instance.port),
  };
}
