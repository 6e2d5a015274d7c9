import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentReportStore, ProjectionStore, SnapshotReader, StoredSnapshot } from '../../application/projectorPorts.js';
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
  /** gzip of the snapshot's JSON: a gateway's config can outgrow DynamoDB's 400 KB item limit uncompressed. */
  readonly content?: Uint8Array;
}

const checkpointKey = '#checkpoint';
/** The mesh partition also holds checkpoints and agents' reports; snapshots are the items keyed by a proxy. */
const isTargetKey = (key: string): key is TargetKey => /^(virtualNode|virtualGateway)\/[^/]+$/.test(key);
const agentReportKey = (target: TargetKey, agentId: string) => `agent/${target}/${agentId}`;

export function dynamoProjectionStore(client: DynamoDBDocumentClient, tables: TableNames): ProjectionStore & SnapshotReader & AgentReportStore {
  // A snapshot only moves forward: never replace one compiled from a later mesh version.
  const onlyForward = {
    ConditionExpression: 'attribute_not_exists(meshVersion) OR meshVersion <= :mv',
  };
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

    async putSnapshot(mesh, target, snapshot, meshVersion) {
      const item: SnapshotItem = { mesh, proxy: target, version: snapshot.version, meshVersion, content: gzipSync(JSON.stringify(snapshot)) };
      await client.send(new PutCommand({ TableName: tables.snapshots, Item: item, ...onlyForward, ExpressionAttributeValues: { ':mv': meshVersion } })).catch(ignoreStale);
    },

    async deleteSnapshot(mesh, target, meshVersion) {
      await client.send(new DeleteCommand({ TableName: tables.snapshots, Key: { mesh, proxy: target }, ...onlyForward, ExpressionAttributeValues: { ':mv': meshVersion } })).catch(ignoreStale);
    },

    async saveCheckpoint(mesh, stream, version) {
      await client.send(new PutCommand({ TableName: tables.snapshots, Item: { mesh, proxy: checkpointKey, stream, meshVersion: version } }));
    },

    async putAgentReport(mesh, stored) {
      await client.send(new PutCommand({
        TableName: tables.snapshots,
        Item: { mesh, proxy: agentReportKey(stored.target, stored.agentId), reportedAt: stored.reportedAt, report: stored.report, expiresAt: Math.ceil((stored.reportedAt + agentReportTtlMs) / 1000) + 3600 },
      }));
    },

    async meshReports(mesh) {
      const items = await queryItems<{ proxy: string; version?: string; reportedAt?: number; report?: AgentReport }>(client, {
        TableName: tables.snapshots,
        KeyConditionExpression: 'mesh = :m',
        ExpressionAttributeValues: { ':m': mesh },
        ProjectionExpression: 'proxy, version, reportedAt, report',
      });
      const snapshots = new Map<TargetKey, string>();
      const reports: StoredAgentReport[] = [];
      for (const item of items) {
        if (isTargetKey(item.proxy) && item.version) snapshots.set(item.proxy, item.version);
        const agent = /^agent\/((?:virtualNode|virtualGateway)\/[^/]+)\/(.+)$/.exec(item.proxy);
        if (agent && item.report && item.reportedAt !== undefined) reports.push({ target: agent[1] as TargetKey, agentId: agent[2] ?? '', reportedAt: item.reportedAt, report: item.report });
      }
      return { snapshots, reports };
    },

    async getSnapshot(mesh, target): Promise<StoredSnapshot | undefined> {
      const out = await client.send(new GetCommand({ TableName: tables.snapshots, Key: { mesh, proxy: target } }));
      const item = out.Item as SnapshotItem | undefined;
      if (!item?.content) return undefined;
      return { version: item.version, meshVersion: item.meshVersion, snapshot: JSON.parse(gunzipSync(item.content).toString('utf8')) as Snapshot };
    },
  };
}
