import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { inject } from 'vitest';
import { dynamoProjectionStore } from '../../core/adapters/dynamodb/dynamoProjectionStore.js';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { handleCommand } from '../../core/application/handleCommand.js';
import type { ProjectionStore } from '../../core/application/projectorPorts.js';
import type { Command } from '../../core/domain/commands.js';
import type { JsonObject, ResourceId } from '../../core/domain/resource.js';
import type { TargetKey } from '../../core/projection/projection.js';
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
  const store = dynamoProjectionStore(documentClient(dynamoClient(config)), config.tables);
  let sequence = 0;

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
    /** A DynamoDB stream batch with one record per given stream key, in the given order. */
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
