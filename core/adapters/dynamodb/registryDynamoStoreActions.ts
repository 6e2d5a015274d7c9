import type { RegistryStore } from '../../application/registryStore.js';
import type { MethodActions } from './dynamoActions.js';

/** What registryDynamoStore.ts calls. */
export const registryDynamoStoreActions = {
  loadInstance: { state: ['GetItem'] },
  // One TransactWriteItems: the event, the service's stream head (put first, then updated), the instance put or deleted.
  append: { events: ['PutItem'], state: ['PutItem', 'UpdateItem', 'DeleteItem'] },
  heartbeat: { state: ['UpdateItem'] },
  listInstances: { state: ['Query'] },
  listServices: { state: ['Query'] },
} as const satisfies MethodActions<RegistryStore>;
