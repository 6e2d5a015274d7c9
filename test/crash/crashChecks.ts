import { DescribeMeshCommand, DescribeVirtualNodeCommand, ListVirtualNodesCommand, NotFoundException } from '@aws-sdk/client-app-mesh';
import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { streamEventsAfter } from '../../core/adapters/dynamodb/streamEvents.js';
import type { StoredEvent } from '../../core/domain/events.js';
import type { TargetKey } from '../../core/projection/projection.js';
import { catchUp, emptyProjection, projectAll } from '../../core/projection/projection.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import type { LoggedEvent } from '../api/eventLog.js';
import type { Acknowledged } from './meshWorkload.js';
import { nodeNames } from './meshWorkload.js';
import type { StackProcess } from './stackProcesses.js';

const actionOf = { create: 'Created', update: 'Updated', delete: 'Deleted' } as const;

/** The mesh's whole log, as agents and users read it: `GET /v1/meshes/{mesh}/events`. */
export async function loggedEvents(url: string, mesh: string): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  for (let after = 0; ;) {
    const response = await fetch(`${url}/v1/meshes/${encodeURIComponent(mesh)}/events?afterVersion=${after}&limit=1000`);
    if (response.status !== 200) throw new Error(`events of ${mesh}: HTTP ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { events: LoggedEvent[]; nextAfterVersion?: number };
    all.push(...page.events);
    if (page.nextAfterVersion === undefined) return all;
    after = page.nextAfterVersion;
  }
}

/** What the log says about what clients were told. */
export interface LogAudit {
  readonly events: number;
  /** Acknowledged writes with no event of theirs in the log. */
  readonly lost: Acknowledged[];
  /** Stream versions missing or repeated between 1 and the head. */
  readonly gaps: number[];
  /** Client tokens with more than one event. */
  readonly appliedTwice: string[];
  /** A resource version told to two clients for two different writes of one resource. */
  readonly versionsReused: string[];
}

export function auditLog(events: readonly LoggedEvent[], acknowledged: readonly Acknowledged[]): LogAudit {
  const gaps = events.flatMap((e, i) => (e.version === i + 1 ? [] : [i + 1]));
  const byToken = new Map<string, number>();
  for (const e of events) if (e.clientToken) byToken.set(e.clientToken, (byToken.get(e.clientToken) ?? 0) + 1);
  const written = new Set(events.map((e) => `${e.resource.metadata.uid}/${e.resource.metadata.version}/${e.type.replace(/^VirtualNode/, '')}`));
  const lost = acknowledged.filter((a) => !written.has(`${a.uid}/${a.version}/${actionOf[a.op]}`) || (a.clientToken !== '' && !byToken.has(a.clientToken)));
  const told = new Map<string, number>();
  for (const a of acknowledged) if (a.op !== 'delete') told.set(`${a.uid}/${a.version}`, (told.get(`${a.uid}/${a.version}`) ?? 0) + 1);
  return {
    events: events.length,
    lost,
    gaps,
    appliedTwice: [...byToken].filter(([, n]) => n > 1).map(([token]) => token),
    versionsReused: [...told].filter(([, n]) => n > 1).map(([key]) => key),
  };
}

/** Each node as the fold of the log leaves it: its last event's resource, or absent once deleted. */
export function foldNodes(events: readonly LoggedEvent[]): Map<string, LoggedEvent['resource']> {
  const live = new Map<string, LoggedEvent['resource']>();
  for (const e of events) {
    const name = e.resource['virtualNodeName'];
    if (typeof name !== 'string') continue;
    if (e.type === 'VirtualNodeDeleted') live.delete(name);
    else live.set(name, e.resource);
  }
  return live;
}

/** Differences between what Describe and List answer and the fold of the log. */
export async function stateDifferences(client: AppMeshClient, mesh: string, fold: ReadonlyMap<string, LoggedEvent['resource']>): Promise<string[]> {
  const differences: string[] = [];
  const listed = ((await client.send(new ListVirtualNodesCommand({ meshName: mesh }))).virtualNodes ?? []).map((n) => n.virtualNodeName).sort();
  const expected = [...fold.keys()].sort();
  if (JSON.stringify(listed) !== JSON.stringify(expected)) differences.push(`ListVirtualNodes ${JSON.stringify(listed)}, fold ${JSON.stringify(expected)}`);
  for (const name of nodeNames) {
    const want = fold.get(name);
    const got = await client.send(new DescribeVirtualNodeCommand({ meshName: mesh, virtualNodeName: name })).then((o) => o.virtualNode, (error: unknown) => {
      if (error instanceof NotFoundException) return undefined;
      throw error;
    });
    if (!want || !got) {
      if (want || got) differences.push(`${name}: Describe ${got ? `version ${got.metadata?.version}` : '404'}, fold ${want ? `version ${want.metadata.version}` : 'deleted'}`);
      continue;
    }
    if (got.metadata?.version !== want.metadata.version || got.metadata?.uid !== want.metadata.uid || JSON.stringify(sorted(got.spec)) !== JSON.stringify(sorted(want.spec))) {
      differences.push(`${name}: Describe version ${got.metadata?.version} ${JSON.stringify(got.spec)}, fold version ${want.metadata.version} ${JSON.stringify(want.spec)}`);
    }
  }
  return differences;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]));
  return value;
}

/**
 * Every node's snapshot version as a full recompile of the log gives it,
 * computed here with core/projection from the events table itself; deleted
 * nodes are absent.
 */
export async function recompiledVersions(stack: StackProcess, client: AppMeshClient, mesh: string): Promise<Map<string, string>> {
  const uid = (await client.send(new DescribeMeshCommand({ meshName: mesh }))).mesh?.metadata?.uid;
  const dynamo = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: stack.dynamodbEndpoint });
  try {
    const events = await streamEventsAfter<StoredEvent>(documentClient(dynamo), stack.tables.events, `${mesh}/${uid}`, 0, Number.POSITIVE_INFINITY);
    const projection = emptyProjection(mesh);
    catchUp(projection, events);
    const versions = new Map<string, string>();
    for (const change of projectAll(projection).changes) if ('snapshot' in change) versions.set(nodeOf(change.target), change.snapshot.version);
    return versions;
  } finally {
    dynamo.destroy();
  }
}

const nodeOf = (target: TargetKey) => target.slice(target.indexOf('/') + 1);

/** Each node's snapshot version as the agents' endpoint serves it; undefined for a 404. */
export async function servedVersions(url: string, mesh: string): Promise<Map<string, string | undefined>> {
  const served = new Map<string, string | undefined>();
  for (const name of nodeNames) {
    const response = await fetch(`${url}/v1/meshes/${mesh}/virtualNodes/${name}/snapshot`);
    if (response.status === 404) {
      await response.body?.cancel();
      served.set(name, undefined);
      continue;
    }
    if (response.status !== 200) throw new Error(`snapshot of ${name}: HTTP ${response.status} ${await response.text()}`);
    served.set(name, ((await response.json()) as { version: string }).version);
  }
  return served;
}

/** Nodes whose served snapshot is not the recompiled one (a deleted node's must be a 404). */
export function snapshotDifferences(expected: ReadonlyMap<string, string>, served: ReadonlyMap<string, string | undefined>): string[] {
  return nodeNames.flatMap((name) => (expected.get(name) === served.get(name) ? [] : [`${name}: served ${served.get(name) ?? '404'}, recompiled ${expected.get(name) ?? 'deleted (404)'}`]));
}
