import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoProjectionStore } from '../../core/adapters/dynamodb/dynamoProjectionStore.js';
import { registryDynamoFeed } from '../../core/adapters/dynamodb/registryDynamoFeed.js';
import { createProjector } from '../../core/application/projector.js';
import type { Rejected } from '../../core/projection/projection.js';
import { formatViolation } from '../../core/projection/validate/validateSnapshot.js';
import type { WeftConfig } from '../shared/config.js';
import { documentClient, dynamoClient } from '../shared/dynamoClients.js';
import { processStreamBatch } from './streamBatch.js';

/** One error line per refused snapshot: which proxy, and each violation's resource and field path. */
function logRejected(mesh: string, { target, violations, issues }: Rejected): void {
  const details = violations.length > 0 ? violations.slice(0, 20).map(formatViolation) : issues;
  console.error(JSON.stringify({ level: 'error', message: 'snapshot rejected by Envoy validation; the proxy keeps its last good snapshot', mesh, target, violations: details }));
}

/** The projector Lambda: events-table stream batches in (mesh and registry streams), snapshots out. The local runtime builds the same one. */
export function createProjectorHandler(config: WeftConfig) {
  const client = documentClient(dynamoClient(config));
  const projector = createProjector(dynamoProjectionStore(client, config.tables), registryDynamoFeed(client, config.tables), { onRejected: logRejected });
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) => processStreamBatch(event, projector.nudge));
}
