import { randomUUID } from 'node:crypto';
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { inject } from 'vitest';
import type { LocalStack, LocalStackOptions } from '../../functions/local/localStack.js';
import { startLocalStack } from '../../functions/local/localStack.js';

/** A table prefix no other test file uses, so files share DynamoDB Local but not data. */
export function uniquePrefix(label: string): string {
  return `t-${label}-${randomUUID().slice(0, 8)}-`;
}

/** The local control plane on a free port, on the run's shared DynamoDB Local, with tables of its own. */
export function startTestStack(label: string, options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack({ port: 0, dynamodbEndpoint: inject('dynamodbEndpoint'), tablePrefix: uniquePrefix(label), ...options });
}

/**
 * How many API handler instances the SDK suites run against: one, and two
 * taking requests in turn, so that no answer may depend on which instance gave
 * it (each has its own clients and caches, as Lambda instances do).
 */
export const apiInstanceRuns = [
  { apiInstances: 1, on: 'one API instance' },
  { apiInstances: 2, on: 'two API instances in turn' },
] as const;

/** The unmodified AWS SDK client, pointed at the stack. */
export function appMeshClient(stack: LocalStack): AppMeshClient {
  return new AppMeshClient({
    endpoint: stack.url,
    region: stack.config.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}
