import type { MeshStore } from '../../application/meshStore.js';
import type { MethodActions } from './dynamoActions.js';

/** What dynamoMeshStore.ts calls. The log is append-only: events are put (conditionally) and read, never updated or deleted. */
export const dynamoMeshStoreActions = {
  // One isolated TransactGetItems of the head and what the decision reads; a query for a dependent.
  loadView: { state: ['GetItem', 'Query'] },
  // One TransactWriteItems: the event, the stream head, the resource, its references, its client token.
  append: { events: ['PutItem'], state: ['PutItem', 'UpdateItem', 'DeleteItem'] },
  // The client-token item, then the event it points at.
  priorRequest: { state: ['BatchGetItem'], events: ['GetItem'] },
  getResource: { state: ['BatchGetItem'] },
  listResources: { state: ['Query'] },
  readEvents: { state: ['BatchGetItem'], events: ['Query'] },
} as const satisfies MethodActions<MeshStore>;
