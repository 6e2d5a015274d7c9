import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryItems } from './queryItems.js';
import type { Page, PageRequest } from '../../application/meshStore.js';
import type { RegistryCommit, RegistryStore, RegistryView } from '../../application/registryStore.js';
import type { InstanceRecord } from '../../domain/registry/decideInstance.js';
import type { ServiceKey } from '../../domain/registry/instance.js';
import { registryStreamOf } from '../../domain/registry/instance.js';
import { instancesPartition, instanceStateKey, serviceHeadKey, serviceHeadsPartition } from './registryKeys.js';
import type { StateKey } from './stateKeys.js';
import type { TableNames } from './tables.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

interface HeadItem {
  readonly sk: string;
  readonly namespace: string;
  readonly service: string;
  readonly streamVersion: number;
}

interface InstanceItem extends InstanceRecord {
  readonly sk: string;
}

const recordOf = (item: InstanceItem): InstanceRecord => ({ instance: item.instance, lastSeen: item.lastSeen });

export function registryDynamoStore(client: DynamoDBDocumentClient, tables: Pick<TableNames, 'events' | 'state'>): RegistryStore {
  const get = async <T>(key: StateKey) =>
    (await client.send(new GetCommand({ TableName: tables.state, Key: { ...key }, ConsistentRead: true }))).Item as T | undefined;

  /** Up to `page.limit` items after `page.after`, and whether more follow (one extra read tells). */
  async function pageOf<T extends { sk: string }>(pk: string, page: PageRequest): Promise<Page<T>> {
    const items = await queryItems<T>(client, {
      TableName: tables.state,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
      ...(page.after !== undefined ? { ExclusiveStartKey: { pk, sk: page.after } } : {}),
    }, page.limit + 1);
    const kept = items.slice(0, page.limit);
    const last = kept[kept.length - 1];
    return { items: kept, ...(items.length > page.limit && last ? { lastName: last.sk } : {}) };
  }

  return {
    async loadInstance(key): Promise<RegistryView> {
      // The head first: anything read after it is at least as new, and anything newer moved it.
      const head = await get<HeadItem>(serviceHeadKey(key));
      const item = await get<InstanceItem>(instanceStateKey(key));
      return { version: head?.streamVersion ?? 0, ...(item ? { record: recordOf(item) } : {}) };
    },

    async append(commit: RegistryCommit) {
      const { event, expectedVersion } = commit;
      const instance = event.instance;
      const version = expectedVersion + 1;
      const headKey = serviceHeadKey(instance);
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tables.events,
            Item: { stream: registryStreamOf(instance), version, ...event },
            ConditionExpression: 'attribute_not_exists(#s)',
            ExpressionAttributeNames: { '#s': 'stream' },
          },
        },
        expectedVersion === 0
          ? { Put: { TableName: tables.state, Item: { ...headKey, namespace: instance.namespace, service: instance.service, streamVersion: version }, ConditionExpression: 'attribute_not_exists(pk)' } }
          : {
              Update: {
                TableName: tables.state,
                Key: headKey,
                UpdateExpression: 'SET streamVersion = :next',
                ConditionExpression: 'streamVersion = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion, ':next': version },
              },
            },
        event.type === 'InstanceRegistered'
          ? { Put: { TableName: tables.state, Item: { ...instanceStateKey(instance), instance, lastSeen: commit.lastSeen } } }
          : {
              Delete: {
                TableName: tables.state,
                Key: instanceStateKey(instance),
                ...(commit.expectedLastSeen !== undefined
                  ? { ConditionExpression: 'lastSeen = :seen', ExpressionAttributeValues: { ':seen': commit.expectedLastSeen } }
                  : { ConditionExpression: 'attribute_exists(pk)' }),
              },
            },
      ];
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return 'appended';
      } catch (error) {
        if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return 'conflict';
        throw error;
      }
    },

    async heartbeat(key, now) {
      try {
        const out = await client.send(new UpdateCommand({
          TableName: tables.state,
          Key: instanceStateKey(key),
          UpdateExpression: 'SET lastSeen = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_NEW',
        }));
        return recordOf(out.Attributes as InstanceItem);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },

    async listInstances(service, page) {
      const found = await pageOf<InstanceItem>(instancesPartition(service), page);
      return { ...found, items: found.items.map(recordOf) };
    },

    async listServices(page) {
      const found = await pageOf<HeadItem>(serviceHeadsPartition, page);
      return { ...found, items: found.items.map((h): ServiceKey => ({ namespace: h.namespace, service: h.service })) };
    },
  };
}
