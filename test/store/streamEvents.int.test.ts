// A stream read must not end at one of DynamoDB's 1 MB pages: the projector
// takes a short answer for the end of the log.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamEventsAfter } from '../../core/adapters/dynamodb/streamEvents.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';
import type { FreshTables } from '../support/tables.js';
import { freshTables } from '../support/tables.js';

describe('streamEventsAfter on DynamoDB Local', () => {
  let db: FreshTables;
  let client: DynamoDBDocumentClient;
  beforeAll(async () => {
    db = await freshTables('stream-events');
    client = documentClient(db.client);
    const padding = 'x'.repeat(300 * 1024);
    for (let version = 1; version <= 5; version++) await client.send(new PutCommand({ TableName: db.tables.events, Item: { stream: 's', version, padding } }));
  });
  afterAll(() => db.drop());

  it('reads on past a 1 MB page until it has as many events as asked for', async () => {
    const firstPage = await client.send(new QueryCommand({ TableName: db.tables.events, KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'stream' }, ExpressionAttributeValues: { ':s': 's' }, Limit: 100 }));
    expect(firstPage.Items?.length).toBeLessThan(5); // DynamoDB cut the page short

    const events = await streamEventsAfter<{ version: number }>(client, db.tables.events, 's', 0, 100);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect((await streamEventsAfter<{ version: number }>(client, db.tables.events, 's', 1, 2)).map((e) => e.version)).toEqual([2, 3]);
  });
});
