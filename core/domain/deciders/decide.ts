import { arnOf } from '../arn.js';
import type { Command, CommandMetadata } from '../commands.js';
import { badRequest, conflict, notFound, resourceInUse, tooManyTags } from '../../errors.js';
import type { EventAction, MeshEvent } from '../events.js';
import { kindInfo } from '../kinds.js';
import type { Resource, ResourceId, Tag } from '../resource.js';
import { describeId, sameId } from '../resource.js';
import { rulesFor } from './rulesFor.js';

/** What a decision may look at: the state the command touches, read at one stream version. */
export interface CommandView {
  readonly mesh?: Resource;
  /** The router of a route, the gateway of a gateway route. */
  readonly parent?: Resource;
  readonly target?: Resource;
  /** Those of the command's references (see `referencesOf`) that exist. */
  readonly existingReferences: readonly ResourceId[];
  /** For a delete: something that still depends on the target, if anything does. */
  readonly dependent?: ResourceId;
}

export const maxTags = 50;

/**
 * decide(command, state) -> event. Exactly one event per accepted command; a
 * rejected command throws an ApiError and appends nothing.
 */
export function decide(command: Command, view: CommandView, meta: CommandMetadata): MeshEvent {
  switch (command.type) {
    case 'create': {
      requireContainer(command.id, view);
      if (view.target) throw conflict(`${capitalised(describeId(command.id))} already exists.`);
      requireSpec(command.id, command.spec, view);
      const resource: Resource = {
        id: command.id,
        spec: command.spec,
        tags: command.tags,
        status: 'ACTIVE',
        metadata: {
          arn: arnOf(command.id, meta.account),
          uid: meta.newUid,
          version: 1,
          createdAt: meta.now,
          lastUpdatedAt: meta.now,
          meshOwner: meta.account.accountId,
          resourceOwner: meta.account.accountId,
        },
      };
      return eventOf('Created', resource, meta);
    }
    case 'update': {
      const target = requireTarget(command.id, view);
      requireSpec(command.id, command.spec, view);
      return eventOf('Updated', { ...target, spec: command.spec, metadata: bumped(target, meta.now) }, meta);
    }
    case 'delete': {
      const target = requireTarget(command.id, view);
      if (view.dependent) {
        throw resourceInUse(`Cannot delete ${describeId(command.id)}: ${describeId(view.dependent)} depends on it. Delete or update that first.`);
      }
      return eventOf('Deleted', { ...target, status: 'DELETED', metadata: { ...target.metadata, lastUpdatedAt: meta.now } }, meta);
    }
    case 'tag': {
      const target = requireTarget(command.id, view);
      const tags = mergeTags(target.tags, command.tags);
      if (tags.length > maxTags) {
        throw tooManyTags(`tags: ${describeId(command.id)} would have ${tags.length} tags; at most ${maxTags} are allowed.`);
      }
      return eventOf('Tagged', { ...target, tags }, meta);
    }
    case 'untag': {
      const target = requireTarget(command.id, view);
      const removed = new Set(command.tagKeys);
      return eventOf('Untagged', { ...target, tags: target.tags.filter((t) => !removed.has(t.key)) }, meta);
    }
    default: {
      const unknownCommand: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

/** evolve(state, event) -> state, for one resource: the projection's fold (meshState.ts) and the in-memory store apply events with it. */
export function evolve(_state: Resource | undefined, event: MeshEvent): Resource | undefined {
  return event.action === 'Deleted' ? undefined : event.resource;
}

/** The resources a command's spec points at; the store reads these for the view. */
export function referencesOf(command: Command): ResourceId[] {
  if (command.type !== 'create' && command.type !== 'update') return [];
  return rulesFor(command.id.kind).references(command.id, command.spec).map((r) => r.id);
}

function requireContainer(id: ResourceId, view: CommandView): void {
  if (id.kind === 'mesh') return;
  if (!view.mesh) throw notFound(`${capitalised(describeId({ kind: 'mesh', mesh: id.mesh, name: id.mesh }))} does not exist.`);
  const parent = kindInfo(id.kind).parent;
  if (parent && !view.parent) {
    throw notFound(`${capitalised(describeId({ kind: parent.kind, mesh: id.mesh, name: id.parent ?? '' }))} does not exist.`);
  }
}

function requireTarget(id: ResourceId, view: CommandView): Resource {
  requireContainer(id, view);
  if (!view.target) throw notFound(`${capitalised(describeId(id))} does not exist.`);
  return view.target;
}

function requireSpec(id: ResourceId, spec: Resource['spec'], view: CommandView): void {
  const rules = rulesFor(id.kind);
  const issue = rules.specIssue(spec);
  if (issue) throw badRequest(issue);
  for (const ref of rules.references(id, spec)) {
    if (!view.existingReferences.some((existing) => sameId(existing, ref.id))) {
      throw notFound(`${ref.field}: ${describeId(ref.id)} does not exist.`);
    }
  }
}

function bumped(target: Resource, now: number): Resource['metadata'] {
  return { ...target.metadata, version: target.metadata.version + 1, lastUpdatedAt: now };
}

function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of added) byKey.set(t.key, t.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

function eventOf(action: EventAction, resource: Resource, meta: CommandMetadata): MeshEvent {
  return {
    type: `${kindInfo(resource.id.kind).typeName}${action}`,
    action,
    resource,
    actor: meta.actor,
    requestId: meta.requestId,
    ...(meta.clientToken !== undefined ? { clientToken: meta.clientToken } : {}),
    at: meta.now,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
