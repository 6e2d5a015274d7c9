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

/** An on-demand table keyed by a string partition and a sort key, optionally with a stream. */
function table(
  name: string,
  key: { readonly partition: string; readonly sort: string },
  sortType: 'S' | 'N',
  stream?: 'NEW_IMAGE' | 'KEYS_ONLY',
): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: key.partition, AttributeType: 'S' },
      { AttributeName: key.sort, AttributeType: sortType },
    ],
    KeySchema: [
      { AttributeName: key.partition, KeyType: 'HASH' },
      { AttributeName: key.sort, KeyType: 'RANGE' },
    ],
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
  };
}

export function tableDefinitions(names: TableNames): CreateTableCommandInput[] {
  return [
    // The projector hangs off this stream; a record is only a nudge, so NEW_IMAGE is plenty.
    table(names.events, eventsKey, 'N', 'NEW_IMAGE'),
    table(names.state, stateKey, 'S'),
    // Locally, this stream wakes up agents' long polls the moment a snapshot changes.
    table(names.snapshots, snapshotsKey, 'S', 'KEYS_ONLY'),
  ];
}
