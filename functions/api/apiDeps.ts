import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import { dynamoProjectionStore } from '../../core/adapters/dynamodb/dynamoProjectionStore.js';
import { registryDynamoStore } from '../../core/adapters/dynamodb/registryDynamoStore.js';
import type { ApiDeps } from '../../core/api/operations/context.js';
import type { WeftConfig } from '../shared/config.js';
import type { LiveSnapshots } from './coalescedSnapshots.js';
import { coalescedSnapshots } from './coalescedSnapshots.js';
import { documentClient, dynamoClient } from '../shared/dynamoClients.js';

/** The real ports behind the API: DynamoDB, the wall clock, random uids, jittered backoff. */
export function apiDeps(config: WeftConfig, live?: LiveSnapshots): ApiDeps {
  const now = () => Date.now();
  const client = documentClient(dynamoClient(config));
  const projection = dynamoProjectionStore(client, config.tables);
  return {
    store: dynamoMeshStore({ client, tables: config.tables, now }),
    // Shared reads only matter where requests are held and woken together (locally).
    snapshots: live ? coalescedSnapshots(projection, live) : projection,
    reports: projection,
    registry: registryDynamoStore(client, config.tables),
    ...(live ? { watch: live.watch } : {}),
    account: { region: config.region, accountId: config.accountId },
    now,
    newUid: randomUUID,
    // Full jitter, capped: contending writers spread out instead of colliding again.
    backoff: (attempt) => sleep(Math.random() * Math.min(250, 5 * 2 ** attempt)),
  };
}
