// Test support: a mesh's event log written by hand, the way the projector reads it.
import type { EventAction, StoredEvent } from '../../domain/events.js';
import type { ResourceKind } from '../../domain/kinds.js';
import { kindInfo } from '../../domain/kinds.js';
import type { JsonObject } from '../../domain/resource.js';
import type { ResourceType } from '../envoy/typeUrls.js';
import type { Projection, TargetKey } from '../projection.js';
import { emptyProjection, project } from '../projection.js';
import type { Snapshot } from '../snapshot.js';

export function meshLog(meshName = 'demo') {
  let version = 0;
  const event = (action: EventAction, kind: ResourceKind, name: string, spec: object, parent?: string): StoredEvent => {
    version += 1;
    return {
      type: `${kindInfo(kind).typeName}${action}`,
      action,
      resource: {
        id: { kind, mesh: meshName, name, ...(parent !== undefined ? { parent } : {}) },
        spec: spec as JsonObject,
        tags: [],
        metadata: { arn: `arn:aws:appmesh:us-east-1:111122223333:mesh/${meshName}/${kind}/${name}`, uid: `uid-${version}`, version: 1, createdAt: 0, lastUpdatedAt: 0, meshOwner: '111122223333', resourceOwner: '111122223333' },
        status: action === 'Deleted' ? 'DELETED' : 'ACTIVE',
      },
      actor: 'test',
      requestId: `request-${version}`,
      at: 0,
      stream: meshName,
      version,
    };
  };
  return {
    mesh: (spec: object = {}) => event('Created', 'mesh', meshName, spec),
    created: (kind: Exclude<ResourceKind, 'mesh'>, name: string, spec: object, parent?: string) => event('Created', kind, name, spec, parent),
    updated: (kind: Exclude<ResourceKind, 'mesh'>, name: string, spec: object, parent?: string) => event('Updated', kind, name, spec, parent),
    deleted: (kind: Exclude<ResourceKind, 'mesh'>, name: string, spec: object, parent?: string) => event('Deleted', kind, name, spec, parent),
  };
}

/** A virtual node reachable by DNS with one listener. */
export const dnsNode = (hostname: string, port = 8080, protocol = 'http') => ({
  listeners: [{ portMapping: { port, protocol } }],
  serviceDiscovery: { dns: { hostname } },
});

/** Projects the events from scratch and returns the target's snapshot; a rejected snapshot fails the test. */
export function snapshotOf(events: readonly StoredEvent[], target: TargetKey, projection: Projection = emptyProjection(events[0]?.stream ?? 'demo')): Snapshot {
  const { changes, rejected } = project(projection, events);
  if (rejected.length) throw new Error(`rejected: ${JSON.stringify(rejected)}`);
  const change = changes.find((c) => c.target === target);
  if (!change || !('snapshot' in change)) throw new Error(`no snapshot for ${target}`);
  return change.snapshot;
}

/** A resource of the snapshot by name (endpoints by cluster name). */
export function resourceOf(snapshot: Snapshot, type: ResourceType, name: string): Record<string, unknown> {
  const found = snapshot.resources[type].find((r) => (r['name'] ?? r['clusterName']) === name);
  if (!found) throw new Error(`no ${type} '${name}' in ${snapshot.resources[type].map((r) => String(r['name'])).join(', ')}`);
  return found;
}
