// handleCommand's bounds and answers, over a store whose outcomes the test
// scripts: a port implemented for the test, so every branch can be reached
// exactly (a real store decides refusals and races by timing).
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../errors.js';
import type { Command } from '../domain/commands.js';
import { account, existing, ids } from '../domain/deciders/deciderSpecification.js';
import type { Resource } from '../domain/resource.js';
import type { CommandDeps, RequestContext } from './handleCommand.js';
import { handleCommand } from './handleCommand.js';
import type { AppendOutcome, Commit, IdempotencyRecord, LoadedView, MeshStore, ViewRequest } from './meshStore.js';

const demo = existing(ids.mesh('demo'));
const web = existing(ids.virtualNode('web'));
/** The mesh at version 3, read from storage. */
const meshView: LoadedView = { mesh: demo, position: { stream: 'demo/uid-demo', version: 3 }, existingReferences: [] };
const createWeb: Command = { type: 'create', id: ids.virtualNode('web'), spec: {}, tags: [] };
const request: RequestContext = { requestId: 'req-1', actor: 'alice', clientToken: 'tok-1', requestHash: 'hash-1' };

interface Script {
  /** The view each loadView returns, in turn; the last one repeats. */
  readonly views?: readonly LoadedView[];
  /** The outcome each append returns, in turn; the last one repeats. */
  readonly outcomes?: readonly AppendOutcome[];
  readonly prior?: IdempotencyRecord;
}

function scriptedStore(script: Script) {
  const views = script.views ?? [meshView];
  const outcomes = script.outcomes ?? ['appended'];
  const viewRequests: ViewRequest[] = [];
  const commits: Commit[] = [];
  const backoffs: number[] = [];
  const pick = <T>(list: readonly T[], i: number): T => list[Math.min(i, list.length - 1)] as T;
  const store: MeshStore = {
    loadView: async (r) => pick(views, viewRequests.push(r) - 1),
    append: async (c) => pick(outcomes, commits.push(c) - 1),
    priorRequest: async () => script.prior,
    getResource: async () => undefined,
    listResources: async () => ({ items: [] }),
    readEvents: async () => [],
  };
  const deps = (maxAttempts?: number): CommandDeps => ({
    store,
    account,
    now: () => 1_700_000_000_000,
    newUid: () => 'uid-new',
    backoff: async (attempt) => void backoffs.push(attempt),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  });
  return { deps, viewRequests, commits, backoffs };
}

const rejection = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a rejection'), (error: ApiError) => ({ type: error.type, message: error.message }));

describe('handleCommand', () => {
  it('gives up with TooManyRequestsException after exactly maxAttempts refused appends, backing off between them', async () => {
    const s = scriptedStore({ outcomes: ['conflict'] });
    expect(await rejection(handleCommand(createWeb, request, s.deps(4)))).toMatchObject({ type: 'TooManyRequestsException' });
    expect(s.commits).toHaveLength(4);
    expect(s.backoffs).toEqual([1, 2, 3]);
    expect(s.viewRequests).toHaveLength(4);
  });

  it('allows 100 supersessions, then counts each further one as a refused attempt', async () => {
    const s = scriptedStore({ outcomes: ['superseded'] });
    expect(await rejection(handleCommand(createWeb, request, s.deps(3)))).toMatchObject({ type: 'TooManyRequestsException' });
    expect(s.commits).toHaveLength(100 + 3);
    expect(s.backoffs).toEqual([1, 2]);
  });

  it('uses neither an attempt nor a backoff when superseded', async () => {
    const s = scriptedStore({ outcomes: ['conflict', ...Array<AppendOutcome>(50).fill('superseded'), 'conflict', 'superseded', 'appended'] });
    const resource = await handleCommand(createWeb, request, s.deps(3));
    expect(resource.id).toEqual(ids.virtualNode('web'));
    expect(s.commits).toHaveLength(54);
    expect(s.backoffs).toEqual([1, 2]);
  });

  it('answers a taken client token with the result of the request that took it, appending nothing more', async () => {
    const s = scriptedStore({ outcomes: ['tokenUsed'], prior: { requestHash: 'hash-1', resource: web } });
    expect(await handleCommand(createWeb, request, s.deps())).toBe(web);
    expect(s.commits).toHaveLength(1);
    expect(s.commits[0]?.idempotency).toEqual({ clientToken: 'tok-1', requestHash: 'hash-1' });
  });

  it('answers a retried create that finds its own resource with that resource, not ConflictException', async () => {
    const s = scriptedStore({ views: [{ ...meshView, target: web }], prior: { requestHash: 'hash-1', resource: web } });
    expect(await handleCommand(createWeb, request, s.deps())).toBe(web);
    expect(s.commits).toEqual([]);
  });

  it('answers a client token used for a different request with ConflictException', async () => {
    const s = scriptedStore({ outcomes: ['tokenUsed'], prior: { requestHash: 'hash-other', resource: web } });
    expect(await rejection(handleCommand(createWeb, request, s.deps()))).toEqual({ type: 'ConflictException', message: "clientToken: 'tok-1' was already used for a different request." });
    expect(s.commits).toHaveLength(1);
  });

  it('decides a rejection made on a cached view again on a fresh read, and succeeds when that read allows it', async () => {
    // The cache last saw the mesh before another instance created it: NotFound there, accepted fresh.
    const s = scriptedStore({ views: [{ existingReferences: [], fromCache: true }, { ...meshView, fromCache: false }] });
    const resource = await handleCommand(createWeb, request, s.deps(1));
    expect(resource.metadata).toMatchObject({ uid: 'uid-new', version: 1 });
    expect(s.viewRequests.map((r) => r.fresh)).toEqual([false, true]);
    expect(s.commits.map((c) => c.expectedVersion)).toEqual([3]);
    expect(s.backoffs).toEqual([]);
  });

  it('answers the rejection of the fresh read when a cached view was rejected and the fresh one is too', async () => {
    const taken = (resource: Resource): LoadedView => ({ ...meshView, target: resource });
    const s = scriptedStore({ views: [{ existingReferences: [], fromCache: true }, { ...taken(web), fromCache: true }] });
    expect(await rejection(handleCommand(createWeb, { requestId: 'req-1', actor: 'alice', requestHash: 'hash-1' }, s.deps()))).toMatchObject({ type: 'ConflictException', message: "Virtual node 'web' in mesh 'demo' already exists." });
    // The second view claims to be cached too; handleCommand asked for a fresh one, so it is the answer.
    expect(s.viewRequests.map((r) => r.fresh)).toEqual([false, true]);
    expect(s.commits).toEqual([]);
  });

  it('answers a rejection made on a view read from storage without reading again', async () => {
    const s = scriptedStore({ views: [{ existingReferences: [], fromCache: false }] });
    expect(await rejection(handleCommand(createWeb, request, s.deps()))).toMatchObject({ type: 'NotFoundException', message: "Mesh 'demo' does not exist." });
    expect(s.viewRequests).toHaveLength(1);
  });
});
