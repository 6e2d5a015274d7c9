// Test support for rules that need more than a view: given the commands that
// built mesh 'demo', when one more command is handled, then this ApiError. All
// of it goes through handleCommand over the in-memory store, so what a delete
// depends on is found by a store (as DynamoDB's reverse index finds it), not
// written into the view by the test.
import { expect } from 'vitest';
import { memoryMeshStore } from '../../adapters/memory/memoryMeshStore.js';
import type { CommandDeps } from '../../application/handleCommand.js';
import { handleCommand } from '../../application/handleCommand.js';
import type { ApiErrorType } from '../../errors.js';
import { ApiError } from '../../errors.js';
import type { Command } from '../commands.js';
import type { JsonObject, ResourceId } from '../resource.js';
import { account, ids, now } from './deciderSpecification.js';

export const create = (id: ResourceId, spec: JsonObject = {}): Command => ({ type: 'create', id, spec, tags: [] });
export const remove = (id: ResourceId): Command => ({ type: 'delete', id });

export function givenMesh(...commands: Command[]): { when(command: Command): { thenThrows(type: ApiErrorType, messagePart: string): Promise<void> } } {
  return {
    when: (command) => ({
      async thenThrows(type, messagePart) {
        let uid = 0;
        const deps: CommandDeps = { store: memoryMeshStore(), account, now: () => now, newUid: () => `uid-${++uid}`, backoff: async () => {} };
        const request = { requestId: 'req-1', actor: 'alice', requestHash: 'hash' };
        for (const setup of [create(ids.mesh('demo')), ...commands]) await handleCommand(setup, request, deps);
        const caught: unknown = await handleCommand(command, request, deps).then(() => undefined, (error: unknown) => error);
        expect(caught, `expected ${type}`).toBeInstanceOf(ApiError);
        const error = caught as ApiError;
        expect({ type: error.type, message: error.message }).toMatchObject({ type, message: expect.stringContaining(messagePart) });
      },
    }),
  };
}
