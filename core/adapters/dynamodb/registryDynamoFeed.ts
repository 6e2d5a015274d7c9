import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistryFeed, RegistrySubscriber } from '../../application/registryFeed.js';
import type { Instance, StoredRegistryEvent } from '../../domain/registry/instance.js';
import { instancesPartition, serviceHeadKey, subscriptionKey } from './registryKeys.js';
import { queryItems } from './queryItems.js';
import { streamEventsAfter } from './streamEvents.js';
import type { TableNames } from './tables.js';

interface SubscriptionItem {
  readonly proxy: string;
  readonly meshStream: string;
}

/**
 * The projector's side of the registry: registry streams from the events
 * table, the registry's current instances from the state table (for a cold
 * start), subscriptions in the snapshots table.
 */
export function registryDynamoFeed(client: DynamoDBDocumentClient, tables: Pick<TableNames, 'events' | 'state' | 'snapshots'>): RegistryFeed {
  return {
    readRegistryEvents: (stream, afterVersion, limit) => streamEventsAfter<StoredRegistryEvent>(client, tables.events, stream, afterVersion, limit),

    async readRegistryState(service) {
      // The head first: the instances read after it are at least as new as its version.
      const head = await client.send(new GetCommand({ TableName: tables.state, Key: serviceHeadKey(service), ConsistentRead: true }));
      const version = (head.Item as { streamVersion?: number } | undefined)?.streamVersion ?? 0;
      if (version === 0) return { version, instances: [] };
      const items = await queryItems<{ instance: Instance }>(client, {
        TableName: tables.state,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': instancesPartition(service) },
        ConsistentRead: true,
      });
      return { version, instances: items.map((item) => item.instance) };
    },

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
