// Group commit (core/adapters/dynamodb/groupCommit.ts) against DynamoDB Local:
// commits that queue behind a transaction in flight go as one transaction, and
// when one member of a group is refused, every member still gets its own answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import type { MeshStore } from '../../core/application/meshStore.js';
import type { ResourceId } from '../../core/domain/resource.js';
import type { ApiError } from '../../core/errors.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';
import type { FreshTables } from '../support/tables.js';
import { freshTables } from '../support/tables.js';
import { apply, create, prepare } from './contractCommits.js';

const meshId = (name: string): ResourceId => ({ kind: 'mesh', mesh: name, name });
const nodeIn = (mesh: string, name: string): ResourceId => ({ kind: 'virtualNode', mesh, name });

describe('group commit on DynamoDB Local', () => {
  let db: FreshTables;
  let store: MeshStore;
  let transactions = 0;

  beforeEach(async () => {
    db = await freshTables('group');
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (/TransactWrite/.test(context.commandName ?? '')) transactions++;
        return next(args);
      },
      { step: 'initialize', name: 'countTransactWrites' },
    );
    // One transaction in flight: the first commit of a burst goes alone, the rest queue behind it.
    store = dynamoMeshStore({ client: documentClient(db.client), tables: db.tables, now: () => Date.now(), maxTransactionsInFlight: 1 });
  });

  afterEach(() => db.drop());

  const anotherStore = () => dynamoMeshStore({ client: documentClient(db.client), tables: db.tables, now: () => Date.now() });

  async function meshes(count: number): Promise<string[]> {
    const names = Array.from({ length: count }, (_, i) => `m${i}`);
    for (const name of names) expect(await apply(store, create(meshId(name)))).toBe('appended');
    return names;
  }

  it('sends the commits that queued behind one transaction as a single transaction', async () => {
    const names = await meshes(8);
    const commits = await Promise.all(names.map(async (m) => (await prepare(store, create(nodeIn(m, 'web')), { clientToken: `tok-${m}` })).commit));
    transactions = 0;
    const outcomes = await Promise.all(commits.map((c) => store.append(c)));
    expect(outcomes).toEqual(names.map(() => 'appended'));
    expect(transactions).toBe(2);
    for (const [i, m] of names.entries()) {
      expect(await store.getResource(nodeIn(m, 'web'))).toEqual(commits[i]!.event.resource);
      expect((await store.readEvents(m, 0, 10))?.map((e) => [e.version, e.type])).toEqual([[1, 'MeshCreated'], [2, 'VirtualNodeCreated']]);
      expect((await store.priorRequest(`tok-${m}`))?.resource).toEqual(commits[i]!.event.resource);
    }
  });

  it('answers the members a group was refused for from its reasons, and sends the rest again together', async () => {
    const names = await meshes(6);
    expect(await apply(store, create(nodeIn('m0', 'first')), { clientToken: 'tok-used' })).toBe('appended');
    const commits = await Promise.all(names.map(async (m, i) => (await prepare(store, create(nodeIn(m, 'web')), i === 4 ? { clientToken: 'tok-used' } : { clientToken: `tok-${m}` })).commit));
    // Another process moves m2 on after this one decided its commit: that commit is now stale, and only DynamoDB knows.
    expect(await apply(anotherStore(), create(nodeIn('m2', 'other')))).toBe('appended');

    transactions = 0;
    const outcomes = await Promise.all(commits.map((c) => store.append(c)));
    expect(outcomes).toEqual(['appended', 'appended', 'conflict', 'appended', 'tokenUsed', 'appended']);
    // The first alone; the group of five, refused for two of them; the other three again as one group.
    expect(transactions).toBe(3);

    for (const [i, m] of names.entries()) {
      const written = await store.getResource(nodeIn(m, 'web'));
      if (outcomes[i] === 'appended') expect(written).toEqual(commits[i]!.event.resource);
      else expect(written).toBeUndefined();
    }
    expect((await store.readEvents('m2', 0, 10))?.map((e) => e.resource.id.name)).toEqual(['m2', 'other']);
    expect((await store.readEvents('m4', 0, 10))?.map((e) => e.resource.id.name)).toEqual(['m4']);
    expect(await store.priorRequest('tok-m2')).toBeUndefined();
    expect((await store.priorRequest('tok-used'))?.resource.id).toEqual(nodeIn('m0', 'first'));
  });

  it('sends each member alone when a group fails for something other than a condition, so only the culprit gets the error', async () => {
    const names = await meshes(4);
    const commits = await Promise.all(names.map(async (m, i) => (await prepare(store, create(nodeIn(m, 'web'), i === 2 ? { blob: 'x'.repeat(450_000) } : {}))).commit));
    transactions = 0;
    const outcomes = await Promise.allSettled(commits.map((c) => store.append(c)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as ApiError).type))).toEqual(['appended', 'appended', 'BadRequestException', 'appended']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/^spec: .*400 KB/) });
    // The first alone; the group of three, refused as too large; then each of the three alone.
    expect(transactions).toBe(5);
    expect(await store.getResource(nodeIn('m2', 'web'))).toBeUndefined();
    expect(await store.readEvents('m2', 0, 10)).toHaveLength(1);
    expect(await store.getResource(nodeIn('m3', 'web'))).toEqual(commits[3]!.event.resource);
  });

  it('keeps a group under its size cap, so large commits go a few at a time', async () => {
    const names = await meshes(6);
    // Each commit carries ~360 KB twice (the event and the resource item): two fit under the 2 MB cap, three do not.
    const commits = await Promise.all(names.map(async (m) => (await prepare(store, create(nodeIn(m, 'web'), { blob: 'x'.repeat(360_000) }))).commit));
    transactions = 0;
    expect(await Promise.all(commits.map((c) => store.append(c)))).toEqual(names.map(() => 'appended'));
    // The first alone; then two, two, and the last one.
    expect(transactions).toBe(4);
  });

  it('never puts two commits to one mesh in a group, and keeps them in arrival order', async () => {
    await meshes(3);
    const [x, a, b, y] = await Promise.all([
      prepare(store, create(nodeIn('m0', 'x'))),
      prepare(store, create(nodeIn('m1', 'a'))),
      prepare(store, create(nodeIn('m1', 'b'))),
      prepare(store, create(nodeIn('m2', 'y'))),
    ]);
    transactions = 0;
    const outcomes = await Promise.all([x, a, b, y].map((p) => store.append(p!.commit)));
    // x alone; then a with y (b shares a's mesh, so it waits); then b, decided at the version a moved
    // the mesh past, is answered without being sent.
    expect(outcomes).toEqual(['appended', 'appended', 'superseded', 'appended']);
    expect(transactions).toBe(2);
    expect((await store.readEvents('m1', 0, 10))?.map((e) => e.resource.id.name)).toEqual(['m1', 'a']);
  });

  it('sends only the first of racing commits on one mesh: once it commits, the others are known stale', async () => {
    await meshes(1);
    const racers = await Promise.all(Array.from({ length: 8 }, (_, i) => prepare(store, create(nodeIn('m0', `n${i}`)))));
    transactions = 0;
    const outcomes = await Promise.all(racers.map((r) => store.append(r.commit)));
    expect(outcomes).toEqual(['appended', ...Array.from({ length: 7 }, () => 'superseded')]);
    expect(transactions).toBe(1);
    expect((await store.readEvents('m0', 0, 10))?.map((e) => e.resource.id.name)).toEqual(['m0', 'n0']);
  });
});
