import type { RegistryFeed } from '../../application/registryFeed.js';
import type { MethodActions } from './dynamoActions.js';

/** What registryDynamoFeed.ts calls: registry streams and instances, and the subscriptions it keeps beside the snapshots. */
export const registryDynamoFeedActions = {
  readRegistryEvents: { events: ['Query'] },
  readRegistryState: { state: ['GetItem', 'Query'] },
  subscribersOf: { snapshots: ['Query'] },
  subscribe: { snapshots: ['PutItem'] },
  unsubscribe: { snapshots: ['DeleteItem'] },
} as const satisfies MethodActions<RegistryFeed>;
