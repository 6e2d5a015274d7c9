import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import type { CommandDeps } from '../../core/application/handleCommand.js';
import type { WeftConfig } from '../shared/config.js';
import { documentClient, dynamoClient } from '../shared/dynamoClients.js';

/** The real ports behind the API: DynamoDB, the wall clock, random uids, jittered backoff. */
export function apiDeps(config: WeftConfig): CommandDeps {
  const now = () => Date.now();
  return {
    store: dynamoMeshStore({ client: documentClient(dynamoClient(config)), tables: config.tables, now }),
    account: { region: config.region, accountId: config.accountId },
    now,
    newUid: randomUUID,
    // Full jitter, capped: contending writers spread out instead of colliding again.
    backoff: (attempt) => sleep(Math.random() * Math.min(100, 5 * 2 ** attempt)),
  };
}
