import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentReportStore, ProjectionStore, SnapshotReader, StoredSnapshot, StreamPoint } from '../../application/projectorPorts.js';
import type { AgentReport, StoredAgentReport } from '../../application/proxyStatus.js';
import { agentReportTtlMs } from '../../application/proxyStatus.js';
import { meshOfStream } from '../../application/streams.js';
import type { StoredEvent } from '../../domain/events.js';
import type { Resource } from '../../domain/resource.js';
import type { TargetKey } from '../../projection/projection.js';
import type { Snapshot } from '../../projection/snapshot.js';
import { queryItems } from './queryItems.js';
import type { StateKey } from './stateKeys.js';
import { childrenPrefix, resourceKey } from './stateKeys.js';
import { streamEventsAfter } from './streamEvents.js';
import type { TableNames } from './tables.js';

interface SnapshotItem {
  readonly mesh: string;
  readonly proxy: string;
  readonly version: string;
  readonly meshVersion: number;
  /** The mesh stream that wrote it: a mesh deleted and created again under the same name has a new one. */
  readonly stream?: string;
  /** gzip of the snapshot's JSON: a gateway's config can outgrow DynamoDB's 400 KB item limit uncompressed. */
  readonly content?: Uint8Array;
}

/** One checkpoint per stream: a deleted mesh's late projection never overwrites that of the mesh now holding its name. */
const checkpointPrefix = '#checkpoint/';
/** The mesh partition also holds checkpoints and agents' reports; snapshots are the items keyed by a proxy. */
const isTargetKey = (key: string): key is TargetKey => /^(virtualNode|virtualGateway)\/[^/]+$/.test(key);
const agentReportKey = (target: TargetKey, agentId: string) => `agent/${target}/${agentId}`;

export function dynamoProjectionStore(client: DynamoDBDocumentClient, tables: TableNames): ProjectionStore & SnapshotReader & AgentReportStore {
  // A snapshot only moves forward along its stream: never replace one compiled from a later
  // version. One from another stream is a deleted mesh's leftover: a put replaces it, a delete
  // leaves it to its own stream (whose projection removes it), so an old stream never removes
  // the snapshots of the mesh that now has its name.
  const forwardPut = 'attribute_not_exists(meshVersion) OR meshVersion <= :mv OR (attribute_exists(#stream) AND #stream <> :s)';
  const ownDelete = '(attribute_not_exists(#stream) OR #stream = :s) AND (attribute_not_exists(meshVersion) OR meshVersion <= :mv)';
  const conditioned = (ConditionExpression: string, meshVersion: number, stream: string) => ({
    ConditionExpression,
    ExpressionAttributeNames: { '#stream': 'stream' },
    ExpressionAttributeValues: { ':mv': meshVersion, ':s': stream },
  });
  const ignoreStale = (error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  };

  return {
    readEvents: (stream, afterVersion, limit) => streamEventsAfter<StoredEvent>(client, tables.events, stream, afterVersion, limit),

    async readMeshState(stream) {
      const meshName = meshOfStream(stream);
      const meshId = { kind: 'mesh', mesh: meshName, name: meshName } as const;
      // The mesh item (the stream head) first: the resources read after it are at least as new.
      const head = (await client.send(new GetCommand({ TableName: tables.state, Key: resourceKey(meshId), ConsistentRead: true }))).Item as
        | { resource?: Resource; stream?: string; streamVersion?: number }
        | undefined;
      if (!head?.resource || head.stream !== stream || head.streamVersion === undefined) return undefined;
      const prefix = childrenPrefix(meshId) as StateKey;
      const items = await queryItems<{ resource?: Resource }>(client, {
        TableName: tables.state,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.sk },
        ConsistentRead: true,
      });
      return { version: head.streamVersion, mesh: head.resource, resources: items.flatMap((item) => (item.resource ? [item.resource] : [])) };
    },

    async snapshotVersions(mesh) {
      const items = await queryItems<SnapshotItem>(client, {
        TableName: tables.snapshots,
        KeyConditionExpression: 'mesh = :m',
        ExpressionAttributeValues: { ':m': mesh },
        ProjectionExpression: 'proxy, version',
        ConsistentRead: true,
      });
      const versions = new Map<TargetKey, string>();
      for (const item of items) if (isTargetKey(item.proxy)) versions.set(item.proxy, item.version);
      return versions;
    },

    async putSnapshot(mesh, target, snapshot, meshVersion, stream) {
      const item: SnapshotItem = { mesh, proxy: target, version: snapshot.version, meshVersion, stream, content: gzipSync(JSON.stringify(snapshot)) };
      await client.send(new PutCommand({ TableName: tables.snapshots, Item: item, ...conditioned(forwardPut, meshVersion, stream) })).catch(ignoreStale);
    },

    async deleteSnapshot(mesh, target, meshVersion, stream) {
      await client.send(new DeleteCommand({ TableName: tables.snapshots, Key: { mesh, proxy: target }, ...conditioned(ownDelete, meshVersion, stream) })).catch(ignoreStale);
    },

    async saveCheckpoint(mesh, stream, version) {
      const item = { mesh, proxy: `${checkpointPrefix}${stream}`, stream, meshVersion: version };
      await client.send(new PutCommand({ TableName: tables.snapshots, Item: item, ConditionExpression: 'attribute_not_exists(meshVersion) OR meshVersion <= :mv', ExpressionAttributeValues: { ':mv': version } })).catch(ignoreStale);
    },

    async putAgentReport(mesh, stored) {
      await client.send(new PutCommand({
        TableName: tables.snapshots,
        Item: { mesh, proxy: agentReportKey(stored.target, stored.agentId), reportedAt: stored.reportedAt, report: stored.report, expiresAt: Math.ceil((stored.reportedAt + agentReportTtlMs) / 1000) + 3600 },
      }));
    },

    async meshReports(mesh) {
      const meshId = { kind: 'mesh', mesh, name: mesh } as const;
      // The head first, then the checkpoint and snapshots: what is projected is never read as ahead of the log.
      const meshItem = (await client.send(new GetCommand({ TableName: tables.state, Key: resourceKey(meshId), ConsistentRead: true, ProjectionExpression: '#s, streamVersion', ExpressionAttributeNames: { '#s': 'stream' } }))).Item as
        | { stream?: string; streamVersion?: number }
        | undefined;
      const items = await queryItems<{ proxy: string; version?: string; meshVersion?: number; stream?: string; reportedAt?: number; report?: AgentReport }>(client, {
        TableName: tables.snapshots,
        KeyConditionExpression: 'mesh = :m',
        ExpressionAttributeValues: { ':m': mesh },
        ProjectionExpression: 'proxy, version, meshVersion, #s, reportedAt, report',
        ExpressionAttributeNames: { '#s': 'stream' },
        ConsistentRead: true,
      });
      const snapshots = new Map<TargetKey, { version: string; meshVersion: number }>();
      const reports: StoredAgentReport[] = [];
      const checkpoints = new Map<string, number>();
      for (const item of items) {
        if (isTargetKey(item.proxy) && item.version) snapshots.set(item.proxy, { version: item.version, meshVersion: item.meshVersion ?? 0 });
        if (item.proxy.startsWith(checkpointPrefix) && item.stream !== undefined && item.meshVersion !== undefined) checkpoints.set(item.stream, item.meshVersion);
        const agent = /^agent\/((?:virtualNode|virtualGateway)\/[^/]+)\/(.+)$/.exec(item.proxy);
        if (agent && item.report && item.reportedAt !== undefined) reports.push({ target: agent[1] as TargetKey, agentId: agent[2] ?? '', reportedAt: item.reportedAt, report: item.report });
      }
      const head = meshItem?.stream !== undefined && meshItem.streamVersion !== undefined ? { stream: meshItem.stream, version: meshItem.streamVersion } : undefined;
      const at = head && checkpoints.get(head.stream);
      const projected: StreamPoint | undefined = head && at !== undefined ? { stream: head.stream, version: at } : undefined;
      return { snapshots, reports, ...(head ? { head } : {}), ...(projected ? { projected } : {}) };
    },

    async getSnapshot(mesh, target): Promise<StoredSnapshot | undefined> {
      const out = await client.send(new GetCommand({ TableName: tables.snapshots, Key: { mesh, proxy: target } }));
      const item = out.Item as SnapshotItem | undefined;
      if (!item?.content) return undefined;
      return { version: item.version, meshVersion: item.meshVersion, snapshot: JSON.parse(gunzipSync(item.content).toString('utf8')) as Snapshot };
    },
  };
}
