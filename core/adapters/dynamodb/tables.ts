// The DynamoDB contract, defined once: sst.config.ts, the local runtime, the
// adapters and the tests all import these names and key schemas.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface TableNames {
  /** The event log: one stream per mesh (partition), versions in order (sort key). */
  readonly events: string;
  /** Current state: resources, the reverse-reference index, client tokens. */
  readonly state: string;
}

export const eventsKey = { partition: 'stream', sort: 'version' } as const;
export const stateKey = { partition: 'pk', sort: 'sk' } as const;
/** Client-token items expire through DynamoDB TTL on this attribute (epoch seconds). */
export const expiryAttribute = 'expiresAt';

export function tableNamesFor(prefix: string): TableNames {
  return { events: `${prefix}events`, state: `${prefix}state` };
}

export function tableDefinitions(names: TableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.events,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: eventsKey.partition, AttributeType: 'S' },
        { AttributeName: eventsKey.sort, AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: eventsKey.partition, KeyType: 'HASH' },
        { AttributeName: eventsKey.sort, KeyType: 'RANGE' },
      ],
      // The projector hangs off this stream; a record is only a nudge, so NEW_IMAGE is plenty.
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    },
    {
      TableName: names.state,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: stateKey.partition, AttributeType: 'S' },
        { AttributeName: stateKey.sort, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: stateKey.partition, KeyType: 'HASH' },
        { AttributeName: stateKey.sort, KeyType: 'RANGE' },
      ],
    },
  ];
}
