// How the store contract builds its commits: decided by the real domain and
// shaped by handleCommand's own commitOf, so what the contract asserts is the
// store's behaviour on the commits production sends it.
import { expect } from 'vitest';
import { commitOf } from '../../core/application/handleCommand.js';
import type { AppendOutcome, Commit, LoadedView, MeshStore } from '../../core/application/meshStore.js';
import type { Command } from '../../core/domain/commands.js';
import { decide, referencesOf } from '../../core/domain/deciders/decide.js';
import type { JsonObject, ResourceId } from '../../core/domain/resource.js';

export const account = { region: 'eu-west-1', accountId: '111122223333' };
export const mesh = (name = 'demo'): ResourceId => ({ kind: 'mesh', mesh: name, name });
export const node = (name: string): ResourceId => ({ kind: 'virtualNode', mesh: 'demo', name });
export const router = (name: string): ResourceId => ({ kind: 'virtualRouter', mesh: 'demo', name });
export const service = (name: string): ResourceId => ({ kind: 'virtualService', mesh: 'demo', name });
export const gateway = (name: string): ResourceId => ({ kind: 'virtualGateway', mesh: 'demo', name });
export const route = (parent: string, name: string): ResourceId => ({ kind: 'route', mesh: 'demo', parent, name });
export const gatewayRoute = (parent: string, name: string): ResourceId => ({ kind: 'gatewayRoute', mesh: 'demo', parent, name });
export const routeTo = (...nodes: string[]): JsonObject => ({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: nodes.map((virtualNode) => ({ virtualNode, weight: 1 })) } } });
export const providedBy = (kind: 'virtualNode' | 'virtualRouter', name: string): JsonObject => ({ provider: { [kind]: { [`${kind}Name`]: name } } });
export const gatewayRouteTo = (serviceName: string): JsonObject => ({ httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: serviceName } } } } });
export const create = (id: ResourceId, spec: JsonObject = {}): Command => ({ type: 'create', id, spec, tags: [] });

export interface Options {
  readonly uid?: string;
  readonly clientToken?: string;
}

let uids = 0;

/** Reads the view, decides, and builds the commit with handleCommand's commitOf; a request's hash is `hash-of-<command type>`. */
export async function prepare(store: MeshStore, command: Command, options: Options = {}): Promise<{ view: LoadedView; commit: Commit }> {
  const token = options.clientToken !== undefined ? { clientToken: options.clientToken } : {};
  const view = await store.loadView({ target: command.id, references: referencesOf(command), findDependent: command.type === 'delete' });
  const event = decide(command, view, { now: 1_700_000_000_000 + uids, newUid: options.uid ?? `uid-${++uids}`, requestId: 'req', actor: 'contract', account, ...token });
  const commit = commitOf(command, view, event, { requestId: 'req', actor: 'contract', requestHash: `hash-of-${command.type}`, ...token });
  return { view, commit };
}

export async function apply(store: MeshStore, command: Command, options: Options = {}): Promise<AppendOutcome> {
  return store.append((await prepare(store, command, options)).commit);
}

export async function applyAll(store: MeshStore, ...commands: Command[]): Promise<void> {
  for (const command of commands) expect(await apply(store, command)).toBe('appended');
}

export async function dependentOf(store: MeshStore, id: ResourceId): Promise<ResourceId | undefined> {
  return (await store.loadView({ target: id, references: [], findDependent: true })).dependent;
}
