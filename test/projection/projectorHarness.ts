import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { inject } from 'vitest';
import { dynamoProjectionStore } from '../../core/adapters/dynamodb/dynamoProjectionStore.js';
import { eventsKey, tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { handleCommand } from '../../core/application/handleCommand.js';
import type { ProjectionStore } from '../../core/application/projectorPorts.js';
import type { Command } from '../../core/domain/commands.js';
import type { JsonObject, ResourceId } from '../../core/domain/resource.js';
import type { TargetKey } from '../../core/projection/projection.js';
import { emptyProjection, project } from '../../core/projection/projection.js';
import type { StoredEvent } from '../../core/domain/events.js';
import { apiDeps } from '../../functions/api/apiDeps.js';
import { ensureTables } from '../../functions/local/ensureTables.js';
import type { WeftConfig } from '../../functions/shared/config.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import { uniquePrefix } from '../support/stack.js';

/**
 * Fresh tables on the run's DynamoDB Local, commands written through the real
 * command handler, and no stream poller: the test decides which stream
 * records the projector sees, and in what order.
 */
export async function projectorHarness(label: string) {
  const config: WeftConfig = { region: 'us-east-1', accountId: '000000000000', tables: tableNamesFor(uniquePrefix(label)), dynamodbEndpoint: inject('dynamodbEndpoint') };
  const admin = dynamoClient(config);
  await ensureTables(admin, config.tables);
  admin.destroy();
  const deps = apiDeps(config);
  const raw = dynamoClient(config);
  const store = dynamoProjectionStore(documentClient(raw), config.tables);
  let sequence = 0;
  /** Each stored event's item as DynamoDB holds it: what a NEW_IMAGE stream record carries. */
  const images = async (stream: string): Promise<Map<number, Record<string, AttributeValue>>> => {
    const out = await raw.send(new QueryCommand({ TableName: config.tables.events, KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': eventsKey.partition }, ExpressionAttributeValues: { ':s': { S: stream } }, ConsistentRead: true }));
    return new Map((out.Items ?? []).map((item) => [Number(item[eventsKey.sort]?.N), item]));
  };

  return {
    config,
    store,
    async run(command: Command): Promise<void> {
      await handleCommand(command, { requestId: randomUUID(), actor: 'test', requestHash: randomUUID() }, deps);
    },
    /** The stream name of a mesh, as the events table's partition key holds it. */
    async streamOf(mesh: string): Promise<string> {
      const events = await deps.store.readEvents(mesh, 0, 1);
      return events?.[0]?.stream ?? '';
    },
    /**
     * The INSERT records DynamoDB Streams (NEW_IMAGE) gives for these versions of a
     * stream, with the stored items as images, in the order given: repeat a version
     * for a retried record, put a later one first for out-of-order delivery.
     */
    async records(stream: string, versions: readonly number[]): Promise<DynamoDBStreamEvent> {
      const stored = await images(stream);
      return {
        Records: versions.map((version): DynamoDBRecord => {
          const image = stored.get(version);
          if (!image) throw new Error(`no event ${version} in ${stream}`);
          return {
            eventSource: 'aws:dynamodb',
            eventName: 'INSERT',
            dynamodb: {
              Keys: { stream: { S: stream }, version: { N: String(version) } },
              NewImage: image as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
              SequenceNumber: String(++sequence),
              StreamViewType: 'NEW_IMAGE',
            },
          };
        }),
      };
    },
    /** The stream's head: the version of its last event. */
    async head(stream: string): Promise<number> {
      return Math.max(0, ...(await images(stream)).keys());
    },
    /** A DynamoDB stream batch of key-only records, one per given stream key, in the given order (nudges with no image). */
    batch(streams: readonly string[]): DynamoDBStreamEvent {
      return {
        Records: streams.map((stream) => ({
          eventSource: 'aws:dynamodb',
          eventName: 'INSERT',
          dynamodb: { Keys: { stream: { S: stream }, version: { N: String(++sequence) } }, SequenceNumber: String(sequence), StreamViewType: 'NEW_IMAGE' },
        })),
      };
    },
    async versions(mesh: string): Promise<Map<TargetKey, string>> {
      return store.snapshotVersions(mesh);
    },
    /**
     * What the snapshots must be: the whole log folded in memory and compiled,
     * with no store involved, so it cannot agree with a projector by sharing its state.
     */
    async fold(stream: string): Promise<Map<TargetKey, string>> {
      const events: StoredEvent[] = [];
      for (let page; (page = await store.readEvents(stream, events.length, 1000)).length > 0; ) events.push(...page);
      const { changes } = project(emptyProjection(stream.slice(0, stream.lastIndexOf('/'))), events);
      return new Map(changes.flatMap((c) => ('snapshot' in c ? [[c.target, c.snapshot.version] as const] : [])));
    },
  };
}

/** A store that fails the n-th snapshot write once, as a crash between two writes would. */
export function failingOnce(store: ProjectionStore, failOnWrite: number): ProjectionStore & { writes: number } {
  let writes = 0;
  let failed = false;
  return {
    ...store,
    get writes() {
      return writes;
    },
    async putSnapshot(...args) {
      writes++;
      if (!failed && writes === failOnWrite) {
        failed = true;
        throw new Error('simulated crash between two snapshot writes');
      }
      return store.putSnapshot(...args);
    },
  };
}

export const id = (kind: ResourceId['kind'], mesh: string, name: string, parent?: string): ResourceId => ({ kind, mesh, name, ...(parent ? { parent } : {}) });
export const create = (target: ResourceId, spec: JsonObject = {}): Command => ({ type: 'create', id: target, spec, tags: [] });
export const update = (target: ResourceId, spec: JsonObject): Command => ({ type: 'update', id: target, spec });
