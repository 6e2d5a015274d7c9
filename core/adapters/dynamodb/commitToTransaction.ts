import type { Commit } from '../../application/meshStore.js';
import type { ResourceId } from '../../domain/resource.js';
import { meshIdOf } from '../../domain/resource.js';
import { clientTokenKey, idPath, referenceKey, resourceKey } from './stateKeys.js';
import type { TransactItem } from './groupCommit.js';
import type { TableNames } from './tables.js';
import { expiryAttribute } from './tables.js';

/**
 * One command, one transaction: the event (conditional on its stream version),
 * the mesh's stream head, the resource, its reverse references and its client
 * token. If any condition fails nothing is written.
 */
export function commitToTransaction(commit: Commit, tables: TableNames, tokenExpiresAt: number): TransactItem[] {
  const { event } = commit;
  const resource = event.resource;
  const version = commit.expectedVersion + 1;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tables.events,
        Item: { stream: commit.stream, version, ...event },
        ConditionExpression: 'attribute_not_exists(#s)',
        ExpressionAttributeNames: { '#s': 'stream' },
      },
    },
    meshHeadWrite(commit, tables, version),
  ];

  if (resource.id.kind !== 'mesh') {
    const key = resourceKey(resource.id);
    items.push(event.action === 'Deleted' ? { Delete: { TableName: tables.state, Key: key } } : { Put: { TableName: tables.state, Item: { ...key, resource } } });
  }

  const before = new Map(commit.referencesBefore.map((id) => [idPath(id), id]));
  const after = new Map(commit.referencesAfter.map((id) => [idPath(id), id]));
  for (const [path, target] of before) {
    if (!after.has(path)) items.push({ Delete: { TableName: tables.state, Key: referenceKey(target, resource.id) } });
  }
  for (const [path, target] of after) {
    if (!before.has(path)) items.push({ Put: { TableName: tables.state, Item: { ...referenceKey(target, resource.id) } } });
  }

  if (commit.idempotency) {
    items.push({
      Put: {
        TableName: tables.state,
        // Where the result is, not the result: the event holds the resource already, and
        // every copy of it in this transaction is paid for on every write.
        Item: { ...clientTokenKey(commit.idempotency.clientToken), idempotency: { requestHash: commit.idempotency.requestHash, stream: commit.stream, version }, [expiryAttribute]: tokenExpiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  return items;
}

/** The mesh item carries the stream head; its condition is the optimistic lock for the whole mesh. */
function meshHeadWrite(commit: Commit, tables: TableNames, version: number): TransactItem {
  const { event } = commit;
  const meshKey = resourceKey(meshIdOf(event.resource.id) as ResourceId);
  const isMesh = event.resource.id.kind === 'mesh';
  if (isMesh && event.action === 'Created') {
    return {
      Put: {
        TableName: tables.state,
        Item: { ...meshKey, resource: event.resource, stream: commit.stream, streamVersion: version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
  const expected = {
    ConditionExpression: '#stream = :stream AND streamVersion = :expected',
    ExpressionAttributeNames: { '#stream': 'stream' },
  };
  if (isMesh && event.action === 'Deleted') {
    return { Delete: { TableName: tables.state, Key: meshKey, ...expected, ExpressionAttributeValues: { ':stream': commit.stream, ':expected': commit.expectedVersion } } };
  }
  if (isMesh) {
    return {
      Put: {
        TableName: tables.state,
        Item: { ...meshKey, resource: event.resource, stream: commit.stream, streamVersion: version },
        ...expected,
        ExpressionAttributeValues: { ':stream': commit.stream, ':expected': commit.expectedVersion },
      },
    };
  }
  return {
    Update: {
      TableName: tables.state,
      Key: meshKey,
      UpdateExpression: 'SET streamVersion = :next',
      ...expected,
      ExpressionAttributeValues: { ':stream': commit.stream, ':expected': commit.expectedVersion, ':next': version },
    },
  };
}
