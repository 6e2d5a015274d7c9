import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoProjectionStore } from '../../core/adapters/dynamodb/dynamoProjectionStore.js';
import { registryDynamoFeed } from '../../core/adapters/dynamodb/registryDynamoFeed.js';
import { createProjector } from '../../core/application/projector.js';
import type { WeftConfig } from '../shared/config.js';
import { documentClient, dynamoClient } from '../shared/dynamoClients.js';
import { processStreamBatch } from './streamBatch.js';

/** The projector Lambda: events-table stream batches in (mesh and registry streams), snapshots out. The local runtime builds the same one. */
export function createProjectorHandler(config: WeftConfig) {
  const client = documentClient(dynamoClient(config));
  const projector = createProjector(dynamoProjectionStore(client, config.tables), registryDynamoFeed(client, config.tables));
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) => processStreamBatch(event, projector.nudge));
}
