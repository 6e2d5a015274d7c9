// A golden mesh as a sequence of steps (events of its log, Cloud Map
// instances coming and going), and the two ways the projector turns a prefix
// of them into snapshots: warm, one step at a time (catchUp + projectChanges),
// and cold, from scratch (projectAll on a fresh projection).
import type { StoredEvent } from '../../core/domain/events.js';
import { kindInfo } from '../../core/domain/kinds.js';
import { instancesKey, meshReader } from '../../core/projection/meshReader.js';
import { keyOfId } from '../../core/projection/meshState.js';
import type { Projection, Rejected, SnapshotChange, TargetKey } from '../../core/projection/projection.js';
import { catchUp, emptyProjection, projectAll, projectChanges } from '../../core/projection/projection.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import type { RegisteredInstance } from './goldenMeshes.js';
import { instancesFrom } from './goldenMeshes.js';

export type Step = { readonly event: StoredEvent } | { readonly register: RegisteredInstance } | { readonly deregister: RegisteredInstance };

/** What the fleet is told for each proxy: its snapshot, or that its compiled config was rejected. */
export type Published = Map<TargetKey, Snapshot | { readonly rejected: readonly string[] }>;

/** Numbers the events of the steps 1, 2, 3... in step order, as one stream would. */
export function renumbered(steps: readonly Step[]): Step[] {
  let version = 0;
  return steps.map((step) => ('event' in step ? { event: { ...step.event, version: ++version } } : step));
}

/** The event that deletes a resource as the last event about it left it. */
export function deletion(last: StoredEvent): StoredEvent {
  return { ...last, type: `${kindInfo(last.resource.id.kind).typeName}Deleted`, action: 'Deleted', resource: { ...last.resource, status: 'DELETED' } };
}

/** The last event of each resource still present after the events, by resource key ('mesh' included). */
export function survivors(events: readonly StoredEvent[]): Map<string, StoredEvent> {
  const last = new Map<string, StoredEvent>();
  for (const event of events) {
    const key = keyOfId(event.resource.id);
    if (event.action === 'Deleted') last.delete(key);
    else last.set(key, event);
  }
  return last;
}

export const describeStep = (step: Step) =>
  'event' in step ? `${step.event.type} ${keyOfId(step.event.resource.id)} (v${step.event.version})` : 'register' in step ? `register ${step.register.service}/${step.register.instanceId}` : `deregister ${step.deregister.service}/${step.deregister.instanceId}`;

/** The warm projector: one projection kept across steps, fed each step's changed keys. */
export function warmProjector(meshName: string) {
  const projection: Projection = emptyProjection(meshName);
  const instances: RegisteredInstance[] = [];
  const reader = meshReader(projection.state, instancesFrom(instances));
  const published: Published = new Map();
  return {
    published,
    /** Applies one step and returns what it changed, as the projector would publish it. */
    apply(step: Step): { changes: SnapshotChange[]; rejected: Rejected[] } {
      let changed: Iterable<string>;
      if ('event' in step) changed = catchUp(projection, [step.event]);
      else {
        const instance = 'register' in step ? step.register : step.deregister;
        if ('register' in step) instances.push(instance);
        else instances.splice(instances.indexOf(instance), 1);
        changed = [instancesKey(instance.namespace, instance.service)];
      }
      const result = projectChanges(projection, changed, reader);
      for (const change of result.changes) {
        if ('removed' in change) published.delete(change.target);
        else published.set(change.target, change.snapshot);
      }
      for (const { target, issues } of result.rejected) published.set(target, { rejected: issues });
      return result;
    },
  };
}

/** The cold projector on the same prefix: a fresh projection, every event at once, every proxy compiled. */
export function coldProjection(meshName: string, steps: readonly Step[]): Published {
  const projection = emptyProjection(meshName);
  const instances: RegisteredInstance[] = [];
  for (const step of steps) {
    if ('register' in step) instances.push(step.register);
    if ('deregister' in step) instances.splice(instances.indexOf(step.deregister), 1);
  }
  catchUp(projection, steps.flatMap((s) => ('event' in s ? [s.event] : [])));
  const { changes, rejected } = projectAll(projection, meshReader(projection.state, instancesFrom(instances)));
  const published: Published = new Map();
  for (const change of changes) if ('snapshot' in change) published.set(change.target, change.snapshot);
  for (const { target, issues } of rejected) published.set(target, { rejected: issues });
  return published;
}
