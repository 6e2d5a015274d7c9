// A stream read must not end at one of DynamoDB's 1 MB pages: the projector
// takes a short answer for the end of the log.
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { streamEventsAfter } from '../../core/adapters/dynamodb/streamEvents.js';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { ensureTables } from '../../functions/local/ensureTables.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import { uniquePrefix } from '../support/stack.js';

describe('streamEventsAfter on DynamoDB Local', () => {
  const raw = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: inject('dynamodbEndpoint') });
  const client = documentClient(raw);
  const tables = tableNamesFor(uniquePrefix('stream-events'));
  beforeAll(async () => {
    await ensureTables(raw, tables);
    const padding = 'x'.repeat(300 * 1024);
    for (let version = 1; version <= 5; version++) await client.send(new PutCommand({ TableName: tables.events, Item: { stream: 's', version, padding } }));
  });
  afterAll(async () => {
    await Promise.all(Object.values(tables).map((TableName) => raw.send(new DeleteTableCommand({ TableName }))));
    raw.destroy();
  });

  it('reads on past a 1 MB page until it has as many events as asked for', async () => {
    const firstPage = await client.send(new QueryCommand({ TableName: tables.events, KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'stream' }, ExpressionAttributeValues: { ':s': 's' }, Limit: 100 }));
    expect(firstPage.Items?.length).toBeLessThan(5); // DynamoDB cut the page short

    const events = await streamEventsAfter<{ version: number }>(client, tables.events, 's', 0, 100);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect((await streamEventsAfter<{ version: number }>(client, tables.events, 's', 1, 2)).map((e) => e.version)).toEqual([2, 3]);
  });
});
