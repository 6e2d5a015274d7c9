import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, ResourceNotFoundException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { tableDefinitions } from '../../core/adapters/dynamodb/tables.js';

/** Creates Weft's tables where they are missing; existing tables and their data are left alone. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    tableDefinitions(names).map(async (definition) => {
      try {
        await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
        return;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      try {
        await client.send(new CreateTableCommand(definition));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error; // created meanwhile by someone else
      }
      await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: definition.TableName });
    }),
  );
}
