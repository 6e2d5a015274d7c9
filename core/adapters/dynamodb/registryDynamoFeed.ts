import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistryFeed, RegistrySubscriber } from '../../application/registryFeed.js';
import type { StoredRegistryEvent } from '../../domain/registry/instance.js';
import { subscriptionKey } from './registryKeys.js';
import { queryItems } from './queryItems.js';
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

    async subscribersOf(registryStream): Promise<RegistrySubscriber[]> {
      const items = await queryItems<SubscriptionItem>(client, {
        TableName: tables.snapshots,
        KeyConditionExpression: 'mesh = :r',
        ExpressionAttributeValues: { ':r': registryStream },
        ConsistentRead: true,
      });
      return items.map((item) => ({ mesh: item.proxy, meshStream: item.meshStream }));
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
