// Test support, pure: given the view a store would load, when a command is
// decided, then exactly this event, or this ApiError and no event. In the spirit
// of emmett's DeciderSpecification; time and ids are plain arguments.
import { expect } from 'vitest';
import type { ApiErrorType } from '../../errors.js';
import { ApiError } from '../../errors.js';
import type { AccountSettings } from '../arn.js';
import { arnOf } from '../arn.js';
import type { Command, CommandMetadata } from '../commands.js';
import type { EventAction, MeshEvent } from '../events.js';
import type { JsonObject, Resource, ResourceId, Tag } from '../resource.js';
import type { CommandView } from './decide.js';
import { decide } from './decide.js';

export const account: AccountSettings = { region: 'eu-west-1', accountId: '111122223333' };
/** When the fixtures' existing resources were created. */
export const earlier = Date.UTC(2024, 0, 1);
/** When the command under test is decided. */
export const now = Date.UTC(2024, 5, 1, 12);
export const meta: CommandMetadata = { now, newUid: 'uid-new', requestId: 'req-1', actor: 'alice', account };

export const ids = {
  mesh: (name = 'demo'): ResourceId => ({ kind: 'mesh', mesh: name, name }),
  virtualNode: (name: string, mesh = 'demo'): ResourceId => ({ kind: 'virtualNode', mesh, name }),
  virtualRouter: (name: string, mesh = 'demo'): ResourceId => ({ kind: 'virtualRouter', mesh, name }),
  virtualService: (name: string, mesh = 'demo'): ResourceId => ({ kind: 'virtualService', mesh, name }),
  virtualGateway: (name: string, mesh = 'demo'): ResourceId => ({ kind: 'virtualGateway', mesh, name }),
  route: (router: string, name: string, mesh = 'demo'): ResourceId => ({ kind: 'route', mesh, parent: router, name }),
  gatewayRoute: (gateway: string, name: string, mesh = 'demo'): ResourceId => ({ kind: 'gatewayRoute', mesh, parent: gateway, name }),
};

export interface ExistingOptions {
  readonly spec?: JsonObject;
  readonly tags?: readonly Tag[];
  readonly version?: number;
}

/** A resource as a store hands it back: uid `uid-<name>`, created and last updated `earlier`. */
export function existing(id: ResourceId, options: ExistingOptions = {}): Resource {
  return {
    id,
    spec: options.spec ?? {},
    tags: options.tags ?? [],
    status: 'ACTIVE',
    metadata: {
      arn: arnOf(id, account),
      uid: `uid-${id.name}`,
      version: options.version ?? 1,
      createdAt: earlier,
      lastUpdatedAt: earlier,
      meshOwner: account.accountId,
      resourceOwner: account.accountId,
    },
  };
}

/** The event `decide` gives for `resource` under the default `meta`. */
export function eventOf(type: string, action: EventAction, resource: Resource): MeshEvent {
  return { type, action, resource, actor: meta.actor, requestId: meta.requestId, at: meta.now };
}

export interface Outcome {
  /** The decided event equals `expected`, field for field. */
  then(expected: MeshEvent): MeshEvent;
  /** The decided event has (at least) these fields. */
  thenMatches(expected: Record<string, unknown>): MeshEvent;
  /** The command is rejected with an ApiError of `type` whose message contains `messagePart`. */
  thenThrows(type: ApiErrorType, messagePart?: string): ApiError;
}

export function given(view: Partial<CommandView> = {}): { when(command: Command, metadata?: Partial<CommandMetadata>): Outcome } {
  const loaded: CommandView = { existingReferences: [], ...view };
  return {
    when(command, metadata = {}) {
      const run = () => decide(command, loaded, { ...meta, ...metadata });
      return {
        then(expected) {
          const event = run();
          expect(event).toEqual(expected);
          return event;
        },
        thenMatches(expected) {
          const event = run();
          expect(event).toMatchObject(expected);
          return event;
        },
        thenThrows(type, messagePart) {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught, `expected ${type}`).toBeInstanceOf(ApiError);
          const error = caught as ApiError;
          expect({ type: error.type, message: error.message }).toMatchObject({ type, message: expect.stringContaining(messagePart ?? '') });
          return error;
        },
      };
    },
  };
}
