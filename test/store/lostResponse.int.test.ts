// A commit whose transaction reached DynamoDB but whose answer was lost: the
// SDK retries it, and the retry must find it done, not refuse it (a refusal
// would have handleCommand decide again and apply the command twice). What
// makes it so is TransactWriteItems' ClientRequestToken, which the SDK fills
// in once per command and keeps across its retries; DynamoDB (and DynamoDB
// Local) answers a repeat within ten minutes as done. The fault is injected
// inside the SDK's retry loop, after DynamoDB Local has answered. Checked the
// other way: with the token stripped from the request, the append is refused.
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import type { MeshStore } from '../../core/application/meshStore.js';
import { ensureTables } from '../../functions/local/ensureTables.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import { uniquePrefix } from '../support/stack.js';
import { apply, create, mesh, node, prepare } from './contractCommits.js';

describe('a commit whose response is lost', () => {
  let client: DynamoDBClient;
  let tables: TableNames;
  let store: MeshStore;
  let dropNextCommitResponse = false;
  let dropped = 0;

  beforeEach(async () => {
    client = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: inject('dynamodbEndpoint') });
    client.middlewareStack.add(
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
    tables = tableNamesFor(uniquePrefix('lost'));
    await ensureTables(client, tables);
    store = dynamoMeshStore({ client: documentClient(client), tables, now: () => Date.now() });
  });

  afterEach(async () => {
    await Promise.all(Object.values(tables).map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
    client.destroy();
  });

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
