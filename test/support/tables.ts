import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { ensureTables } from '../../functions/local/ensureTables.js';
import { dynamoClient } from '../../functions/shared/dynamoClients.js';
import { uniquePrefix } from './stack.js';

export interface FreshTables {
  /** A client of their own: a test may add SDK middleware to it. */
  readonly client: DynamoDBClient;
  readonly tables: TableNames;
  /** Deletes the tables and closes the client. */
  drop(): Promise<void>;
}

/** Weft's tables under a prefix no other test uses, on the run's shared DynamoDB Local. */
export async function freshTables(label: string): Promise<FreshTables> {
  const client = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: inject('dynamodbEndpoint') });
  const tables = tableNamesFor(uniquePrefix(label));
  await ensureTables(client, tables);
  return {
    client,
    tables,
    async drop() {
      await Promise.all(Object.values(tables).map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
      client.destroy();
    },
  };
}
