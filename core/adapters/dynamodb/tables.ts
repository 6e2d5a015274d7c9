// The DynamoDB contract, defined once: sst.config.ts, the local runtime, the
// adapters and the tests all import these names and key schemas.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface TableNames {
  /** The event log: one stream per mesh (partition), versions in order (sort key). */
  readonly events: string;
  /** Current state: resources, the reverse-reference index, client tokens. */
  readonly state: string;
  /** Projected Envoy snapshots, one per virtual node / gateway, plus projection checkpoints. */
  readonly snapshots: string;
}

export const eventsKey = { partition: 'stream', sort: 'version' } as const;
export const stateKey = { partition: 'pk', sort: 'sk' } as const;
/** Snapshots: partition = mesh name, sort = `virtualNode/<name>`, `virtualGateway/<name>` or `#checkpoint`. */
export const snapshotsKey = { partition: 'mesh', sort: 'proxy' } as const;
/** Client-token items expire through DynamoDB TTL on this attribute (epoch seconds). */
export const expiryAttribute = 'expiresAt';

export function tableNamesFor(prefix: string): TableNames {
  return { events: `${prefix}events`, state: `${prefix}state`, snapshots: `${prefix}snapshots` };
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
    {
      TableName: names.snapshots,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: snapshotsKey.partition, AttributeType: 'S' },
        { AttributeName: snapshotsKey.sort, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: snapshotsKey.partition, KeyType: 'HASH' },
        { AttributeName: snapshotsKey.sort, KeyType: 'RANGE' },
      ],
      // Locally, this stream wakes up agents' long polls the moment a snapshot changes.
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    },
  ];
}
