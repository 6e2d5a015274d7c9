import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistryFeed, RegistrySubscriber } from '../../application/registryFeed.js';
import type { StoredRegistryEvent } from '../../domain/registry/instance.js';
import { subscriptionKey } from './registryKeys.js';
import { streamEventsAfter } from './streamEvents.js';
import type { TableNames } from './tables.js';

interface SubscriptionItem {
  readonly proxy: string;
  readonly meshStream: string;
}

/** The projector's side of the registry: registry streams from the events table, subscriptions in the snapshots table. */
export function registryDynamoFeed(client: DynamoDBDocumentClient, tables: Pick<TableNames, 'events' | 'snapshots'>): RegistryFeed {
  return {
    readRegistryEvents: (stream, afterVersion, limit) => streamEventsAfter<StoredRegistryEvent>(client, tables.events, stream, afterVersion, limit),

    async subscribersOf(registryStream) {
      const subscribers: RegistrySubscriber[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new QueryCommand({
          TableName: tables.snapshots,
          KeyConditionExpression: 'mesh = :r',
          ExpressionAttributeValues: { ':r': registryStream },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }));
        for (const item of (out.Items ?? []) as SubscriptionItem[]) subscribers.push({ mesh: item.proxy, meshStream: item.meshStream });
        start = out.LastEvaluatedKey;
      } while (start);
      return subscribers;
    },

    async subscribe(registryStream, subscriber) {
      await client.send(new PutCommand({ TableName: tables.snapshots, Item: { ...subscriptionKey(registryStream, subscriber.mesh), meshStream: subscriber.meshStream } }));
    },

    async unsubscribe(registryStream, subscriber) {
      await client
        .send(new DeleteCommand({
          TableName: tables.snapshots,
          Key: subscriptionKey(registryStream, subscriber.mesh),
          ConditionExpression: 'meshStream = :s',
          ExpressionAttributeValues: { ':s': subscriber.meshStream },
        }))
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}
