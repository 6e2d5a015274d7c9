import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';
import { freshTables } from '../support/tables.js';
import { meshStoreContract } from './meshStoreContract.js';

// Fresh tables per case on the run's shared DynamoDB Local, dropped afterwards.
meshStoreContract('dynamoMeshStore on DynamoDB Local', async () => {
  const { client, tables, drop } = await freshTables('store');
  const store = () => dynamoMeshStore({ client: documentClient(client), tables, now: () => Date.now() });
  return {
    store: store(),
    another: store,
    cleanup: drop,
  };
});
