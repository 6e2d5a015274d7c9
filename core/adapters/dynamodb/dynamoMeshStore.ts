import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppendOutcome, Commit, IdempotencyRecord, ListScope, LoadedView, MeshStore, Page, PageRequest, ViewRequest } from '../../application/meshStore.js';
import type { StoredEvent } from '../../domain/events.js';
import type { Resource, ResourceId } from '../../domain/resource.js';
import { describeId, meshIdOf, parentIdOf } from '../../domain/resource.js';
import { badRequest } from '../../errors.js';
import type { TableNames } from './tables.js';
import type { StateKey } from './stateKeys.js';
import { childFromKey, childrenPrefix, clientTokenKey, listPrefix, referrerFromKey, referrersPrefix, resourceKey } from './stateKeys.js';
import { commitToTransaction } from './commitToTransaction.js';
import { groupCommit } from './groupCommit.js';
import { queryItems } from './queryItems.js';
import { streamEventsAfter } from './streamEvents.js';
import type { CachedItem } from './meshViewCache.js';
import { keyString, MeshViewCache } from './meshViewCache.js';

interface StateItem extends StateKey {
  readonly resource?: Resource;
  /** Mesh items only: the mesh's stream and the version of its last event. */
  readonly stream?: string;
  readonly streamVersion?: number;
  /** Client-token items: the request's hash and its event (older items hold the resource itself). */
  readonly idempotency?: { readonly requestHash: string; readonly stream?: string; readonly version?: number; readonly resource?: Resource };
}

export interface DynamoMeshStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tables: TableNames;
  /** Wall clock for client-token expiry only (epoch ms). */
  readonly now: () => number;
  /** Decide from what this process last read and wrote of a mesh, when it has every item needed (meshViewCache.ts). Default true. */
  readonly cacheViews?: boolean;
  /**
   * Commit transactions in flight at once; commits that arrive meanwhile go
   * together in the next one (groupCommit.ts). Default 4.
   */
  readonly maxTransactionsInFlight?: number;
}

export function dynamoMeshStore({ client, tables, now, cacheViews = true, maxTransactionsInFlight = 4 }: DynamoMeshStoreOptions): MeshStore {
  const cache = cacheViews ? new MeshViewCache() : undefined;
  const writeTransaction = groupCommit({
    send: async (items) => void (await client.send(new TransactWriteCommand({ TransactItems: items }))),
    keyAttributes: { [tables.events]: ['stream', 'version'], [tables.state]: ['pk', 'sk'] },
    maxInFlight: maxTransactionsInFlight,
  });

  async function batchGet(keys: StateKey[]): Promise<Map<string, StateItem>> {
    const found = new Map<string, StateItem>();
    let pending: Record<string, unknown>[] = [...new Map(keys.map((k) => [keyString(k), { pk: k.pk, sk: k.sk }])).values()];
    while (pending.length > 0) {
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tables.state]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of (out.Responses?.[tables.state] ?? []) as StateItem[]) found.set(keyString(item), item);
      pending = (out.UnprocessedKeys?.[tables.state]?.Keys ?? []) as Record<string, unknown>[];
    }
    return found;
  }

  /**
   * Reads items as of one moment: a transactional read is isolated from
   * transactional writes, so the stream head and the resources it guards are
   * seen at the same version. Retried while a write to them is in flight.
   */
  async function consistentGet(keys: StateKey[]): Promise<Map<string, StateItem>> {
    const unique = [...new Map(keys.map((k) => [keyString(k), { pk: k.pk, sk: k.sk }])).values()];
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await client.send(new TransactGetCommand({ TransactItems: unique.map((Key) => ({ Get: { TableName: tables.state, Key } })) }));
        const found = new Map<string, StateItem>();
        for (const response of out.Responses ?? []) if (response.Item) found.set(keyString(response.Item as StateItem), response.Item as StateItem);
        return found;
      } catch (error) {
        const conflict = error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict');
        if (!conflict || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
      }
    }
  }

  async function firstWithPrefix(prefix: StateKey): Promise<string | undefined> {
    const out = await client.send(new QueryCommand({
      TableName: tables.state,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.sk },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
      Limit: 1,
    }));
    return (out.Items?.[0] as StateKey | undefined)?.sk;
  }

  async function findDependent(target: ResourceId): Promise<ResourceId | undefined> {
    const children = childrenPrefix(target);
    const [child, referrer] = await Promise.all([
      children ? firstWithPrefix(children) : Promise.resolve(undefined),
      firstWithPrefix(referrersPrefix(target)),
    ]);
    if (child) return childFromKey(target.mesh, child);
    return referrer ? referrerFromKey(target.mesh, referrer) : undefined;
  }

  return {
    async loadView(request: ViewRequest): Promise<LoadedView> {
      const mesh = request.target.mesh;
      const meshKey = resourceKey(meshIdOf(request.target));
      const parentId = parentIdOf(request.target);
      const targetKey = resourceKey(request.target);
      const keys = [meshKey, targetKey, ...(parentId ? [resourceKey(parentId)] : []), ...request.references.map(resourceKey)];
      // From the cache (unless asked for a fresh view), or one isolated read of the head and everything
      // the decision looks at: a plain BatchGet could see the head after a commit and the target before it.
      const cached = request.fresh ? undefined : cache?.lookup(mesh, keys);
      const items: ReadonlyMap<string, CachedItem> = cached ?? await consistentGet(keys);
      if (!cached) cache?.remember(mesh, keys, items);
      const meshItem = items.get(keyString(meshKey));
      const target = items.get(keyString(targetKey))?.resource;
      const parent = parentId ? items.get(keyString(resourceKey(parentId)))?.resource : undefined;
      // Read after the head it is checked against, so a commit in between refuses the append.
      const dependent = request.findDependent && target ? await findDependent(request.target) : undefined;
      return {
        ...(meshItem?.resource ? { mesh: meshItem.resource } : {}),
        ...(meshItem?.stream !== undefined ? { position: { stream: meshItem.stream, version: meshItem.streamVersion ?? 0 } } : {}),
        ...(parent ? { parent } : {}),
        ...(target ? { target } : {}),
        existingReferences: request.references.filter((id) => items.get(keyString(resourceKey(id)))?.resource),
        ...(dependent ? { dependent } : {}),
        fromCache: cached !== undefined,
      };
    },

    async append(commit: Commit): Promise<AppendOutcome> {
      const items = commitToTransaction(commit, tables, Math.floor(now() / 1000) + 24 * 3600);
      const mesh = commit.event.resource.id.mesh;
      try {
        // Racing commands of this process on one mesh: once the first commits, the rest are known stale.
        const isStale = cache ? () => cache.isPast(mesh, commit.stream, commit.expectedVersion) : undefined;
        if ((await writeTransaction(items, isStale)) === 'stale') return 'superseded';
        cache?.committed(commit);
        return 'appended';
      } catch (error) {
        cache?.forget(mesh);
        if (error instanceof TransactionCanceledException) {
          const reasons = error.CancellationReasons ?? [];
          const token = commit.idempotency ? keyString(clientTokenKey(commit.idempotency.clientToken)) : undefined;
          const tokenIndex = token === undefined ? -1 : items.findIndex((item) => item.Put && keyString(item.Put.Item as StateKey) === token);
          if (tokenIndex >= 0 && reasons[tokenIndex]?.Code === 'ConditionalCheckFailed') return 'tokenUsed';
          // A failed condition, or (on real DynamoDB) another transaction on the mesh item at the same moment.
          if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return 'conflict';
        }
        if (isItemTooLarge(error)) throw badRequest(`spec: ${describeId(commit.event.resource.id)} is too large to store; a resource must fit in 400 KB.`);
        throw error;
      }
    },

    async priorRequest(clientToken: string): Promise<IdempotencyRecord | undefined> {
      const key = clientTokenKey(clientToken);
      const record = (await batchGet([key])).get(keyString(key))?.idempotency;
      if (!record) return undefined;
      if (record.resource) return { requestHash: record.requestHash, resource: record.resource };
      const event = await client.send(new GetCommand({ TableName: tables.events, Key: { stream: record.stream, version: record.version }, ConsistentRead: true }));
      const resource = (event.Item as StoredEvent | undefined)?.resource;
      return resource ? { requestHash: record.requestHash, resource } : undefined;
    },

    async getResource(id: ResourceId) {
      const key = resourceKey(id);
      const items = await batchGet([key]);
      return items.get(keyString(key))?.resource;
    },

    async listResources(scope: ListScope, page: PageRequest): Promise<Page<Resource>> {
      const prefix = listPrefix(scope);
      const found = await queryItems<StateItem>(client, {
        TableName: tables.state,
        KeyConditionExpression: prefix.sk ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': prefix.pk, ...(prefix.sk ? { ':prefix': prefix.sk } : {}) },
        ...(page.after !== undefined ? { ExclusiveStartKey: { pk: prefix.pk, sk: prefix.sk + page.after } } : {}),
        ConsistentRead: true,
      }, page.limit + 1); // one more than asked tells whether another page follows
      const items = found.flatMap((i) => (i.resource ? [i.resource] : []));
      const pageItems = items.slice(0, page.limit);
      const last = pageItems[pageItems.length - 1];
      return { items: pageItems, ...(items.length > page.limit && last ? { lastName: last.id.name } : {}) };
    },

    async readEvents(mesh: string, afterVersion: number, limit: number) {
      const meshItem = (await batchGet([resourceKey({ kind: 'mesh', mesh, name: mesh })])).values().next().value;
      if (!meshItem?.stream) return undefined;
      return streamEventsAfter<StoredEvent>(client, tables.events, meshItem.stream, afterVersion, limit);
    },
  };
}

/**
 * DynamoDB refuses an item over 400 KB, up front (ValidationException) or as a
 * cancellation reason. The model leaves many strings and lists unbounded, so a
 * valid request under the 1 MiB body limit can get here: the caller's bad input,
 * not a server fault.
 */
function isItemTooLarge(error: unknown): boolean {
  const aboutSize = (message: string | undefined) => /item size/i.test(message ?? '');
  if (error instanceof TransactionCanceledException) return error.CancellationReasons?.some((r) => r.Code === 'ValidationError' && aboutSize(r.Message)) ?? false;
  return error instanceof Error && error.name === 'ValidationException' && aboutSize(error.message);
}
