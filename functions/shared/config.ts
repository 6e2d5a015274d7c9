import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';

/** What a Weft process needs to know about where it runs. */
export interface WeftConfig {
  readonly region: string;
  readonly accountId: string;
  readonly tables: TableNames;
  /** A DynamoDB endpoint other than AWS's (DynamoDB Local); undefined on AWS. */
  readonly dynamodbEndpoint?: string;
  /**
   * Whether a transaction's answer waits until DynamoDB Local has committed it
   * (dynamoDbLocalCommits.ts). Only a DynamoDB Local with a data dir needs it;
   * the default is on for any loopback endpoint, off for the local stack's in-memory one.
   */
  readonly awaitLocalCommits?: boolean;
}

export const defaultRegion = 'us-east-1';
export const defaultAccountId = '000000000000';

/** Lambda reads its settings from the environment that sst.config.ts sets. */
export function configFromEnv(env: NodeJS.ProcessEnv): WeftConfig {
  const prefixed = tableNamesFor(env['WEFT_TABLE_PREFIX'] ?? 'weft-');
  return {
    region: env['WEFT_REGION'] ?? env['AWS_REGION'] ?? defaultRegion,
    accountId: env['WEFT_ACCOUNT_ID'] ?? defaultAccountId,
    tables: {
      events: env['WEFT_EVENTS_TABLE'] ?? prefixed.events,
      state: env['WEFT_STATE_TABLE'] ?? prefixed.state,
      snapshots: env['WEFT_SNAPSHOTS_TABLE'] ?? prefixed.snapshots,
    },
    ...(env['WEFT_DYNAMODB_ENDPOINT'] ? { dynamodbEndpoint: env['WEFT_DYNAMODB_ENDPOINT'] } : {}),
  };
}
