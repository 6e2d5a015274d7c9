import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { ensureTables } from '../../functions/local/ensureTables.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import { uniquePrefix } from '../support/stack.js';
import { meshStoreContract } from './meshStoreContract.js';

// Fresh tables per case on the run's shared DynamoDB Local, dropped afterwards.
meshStoreContract('dynamoMeshStore on DynamoDB Local', async () => {
  const client = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: inject('dynamodbEndpoint') });
  const tables = tableNamesFor(uniquePrefix('store'));
  await ensureTables(client, tables);
  const store = () => dynamoMeshStore({ client: documentClient(client), tables, now: () => Date.now() });
  return {
    store: store(),
    another: store,
    async cleanup() {
      await Promise.all(Object.values(tables).map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
      client.destroy();
    },
  };
});
