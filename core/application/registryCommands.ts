import { ApiError, notFound } from '../errors.js';
import type { InstanceRecord, RegistryCommand } from '../domain/registry/decideInstance.js';
import { decideInstance, keyOfCommand } from '../domain/registry/decideInstance.js';
import type { InstanceKey, RegistryEvent } from '../domain/registry/instance.js';
import type { RegistryStore } from './registryStore.js';

export interface RegistryDeps {
  readonly registry: RegistryStore;
  readonly now: () => number;
  /** Waits before retry number `attempt`; the adapter picks the backoff. */
  readonly backoff: (attempt: number) => Promise<void>;
  readonly maxAttempts?: number;
}

export interface RegistryRequest {
  readonly requestId: string;
  readonly actor: string;
}

/** The instance as it stands afterwards (none once it is gone), and the event appended, if any. */
export interface RegistryOutcome {
  readonly record?: InstanceRecord;
  readonly event?: RegistryEvent;
}

/**
 * Read, decide, append, as for meshes: on a concurrent append (or a heartbeat
 * under an expiry) read again and decide again, bounded.
 */
export async function handleRegistryCommand(command: RegistryCommand, request: RegistryRequest, deps: RegistryDeps): Promise<RegistryOutcome> {
  const maxAttempts = deps.maxAttempts ?? 12;
  const key = keyOfCommand(command);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const view = await deps.registry.loadInstance(key);
    const now = deps.now();
    const [event] = decideInstance(command, view.record, { now, ...request });
    if (!event) {
      if (command.type !== 'register') return view.record ? { record: view.record } : {};
      // The same registration again is a heartbeat; if the instance expired meanwhile, decide again.
      const touched = await deps.registry.heartbeat(key, now);
      if (touched) return { record: touched };
    } else {
      const outcome = await deps.registry.append({
        expectedVersion: view.version,
        event,
        lastSeen: now,
        ...(event.type === 'InstanceExpired' && view.record ? { expectedLastSeen: view.record.lastSeen } : {}),
      });
      if (outcome === 'appended') return event.type === 'InstanceRegistered' ? { record: { instance: event.instance, lastSeen: now }, event } : { event };
    }
    if (attempt < maxAttempts) await deps.backoff(attempt);
  }
  throw new ApiError('TooManyRequestsException', 'The service\'s instances are being changed by many requests at once; retry the request.');
}

/** A heartbeat refreshes `lastSeen` and appends nothing: heartbeats are frequent, and the log records changes. */
export async function heartbeat(key: InstanceKey, deps: Pick<RegistryDeps, 'registry' | 'now'>): Promise<InstanceRecord> {
  const record = await deps.registry.heartbeat(key, deps.now());
  if (!record) throw notFound(`Instance '${key.instanceId}' is not registered in service '${key.service}' of namespace '${key.namespace}'; register it again.`);
  return record;
}
