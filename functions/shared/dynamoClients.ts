import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awaitLocalCommits } from './dynamoDbLocalCommits.js';
import type { WeftConfig } from './config.js';

// DynamoDB Local accepts any credentials; real DynamoDB gets the default chain.
const localCredentials = { accessKeyId: 'weft', secretAccessKey: 'weft' };

export function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

export function dynamoClient(config: Pick<WeftConfig, 'region' | 'dynamodbEndpoint' | 'awaitLocalCommits'>): DynamoDBClient {
  const endpoint = config.dynamodbEndpoint;
  const client = new DynamoDBClient({
    region: config.region,
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && isLoopback(endpoint) ? { credentials: localCredentials } : {}),
  });
  // DynamoDB Local answers a transaction before its COMMIT is on disk (dynamoDbLocalCommits.ts);
  // in memory there is no disk to wait for.
  if (endpoint && isLoopback(endpoint) && config.awaitLocalCommits !== false) awaitLocalCommits(client);
  return client;
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
