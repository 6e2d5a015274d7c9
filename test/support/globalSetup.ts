import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamoDbLocal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/** One DynamoDB Local (in memory) for the whole run; its process group dies with the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
