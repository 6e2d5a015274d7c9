import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { registryDynamoStore } from '../../core/adapters/dynamodb/registryDynamoStore.js';
import type { RegistryDeps } from '../../core/application/registryCommands.js';
import { sweepExpiredInstances } from '../../core/application/registrySweeper.js';
import type { WeftConfig } from '../shared/config.js';
import { documentClient, dynamoClient } from '../shared/dynamoClients.js';

/** Who the log names for an expiry: no caller asked for it. */
export const sweeperActor = 'weft-registry-sweeper';

/**
 * The registry sweeper Lambda: on each scheduled tick (an EventBridge schedule
 * on AWS, the local runtime's timer on one machine), expires the instances
 * whose heartbeats stopped.
 */
export function createRegistrySweeperHandler(config: WeftConfig) {
  const deps: RegistryDeps = {
    registry: registryDynamoStore(documentClient(dynamoClient(config)), config.tables),
    now: () => Date.now(),
    // Full jitter, capped, as the API's: a sweep racing heartbeats backs off briefly.
    backoff: (attempt) => sleep(Math.random() * Math.min(250, 5 * 2 ** attempt)),
  };
  return middy<ScheduledEvent, { expired: number }>().handler(async (_event, context) => {
    const expired = await sweepExpiredInstances({ requestId: context.awsRequestId, actor: sweeperActor }, deps);
    if (expired.length > 0) console.log(JSON.stringify({ level: 'info', message: 'expired instances', instances: expired }));
    return { expired: expired.length };
  });
}
