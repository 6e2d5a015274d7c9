// A commit whose transaction reached DynamoDB but whose answer was lost: the
// SDK retries it, and the retry must find it done, not refuse it (a refusal
// would have handleCommand decide again and apply the command twice). What
// makes it so is TransactWriteItems' ClientRequestToken, which the SDK fills
// in once per command and keeps across its retries; DynamoDB (and DynamoDB
// Local) answers a repeat within ten minutes as done. The fault is injected
// inside the SDK's retry loop, after DynamoDB Local has answered. Checked the
// other way: with the token stripped from the request, the append is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import type { MeshStore } from '../../core/application/meshStore.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';
import type { FreshTables } from '../support/tables.js';
import { freshTables } from '../support/tables.js';
import { apply, create, mesh, node, prepare } from './contractCommits.js';

describe('a commit whose response is lost', () => {
  let db: FreshTables;
  let store: MeshStore;
  let dropNextCommitResponse = false;
  let dropped = 0;

  beforeEach(async () => {
    db = await freshTables('lost');
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (dropNextCommitResponse && /TransactWrite/.test(context.commandName ?? '')) {
          dropNextCommitResponse = false;
          dropped++;
          // What a reset connection looks like to the SDK: a transient error it retries.
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        return result;
      },
      { step: 'deserialize', name: 'loseOneCommitResponse' },
    );
    store = dynamoMeshStore({ client: documentClient(db.client), tables: db.tables, now: () => Date.now() });
  });

  afterEach(() => db.drop());

  it('is appended once: the retried transaction carries the same request token and DynamoDB answers it as done', async () => {
    expect(await apply(store, create(mesh()))).toBe('appended');
    const { commit } = await prepare(store, create(node('web')));

    dropNextCommitResponse = true;
    expect(await store.append(commit)).toBe('appended');
    expect(dropped).toBe(1);

    expect(await store.getResource(node('web'))).toEqual(commit.event.resource);
    expect((await store.readEvents('demo', 0, 10))?.map((e) => [e.version, e.type])).toEqual([[1, 'MeshCreated'], [2, 'VirtualNodeCreated']]);
    // The store's view moved on with the commit: the next command builds on it.
    expect(await apply(store, create(node('api')))).toBe('appended');
    expect((await store.readEvents('demo', 0, 10))?.map((e) => e.version)).toEqual([1, 2, 3]);
  });
});
