// Test support: compiles one virtual node from a hand-written event log
// through the projector, and insists the snapshot is publishable: consistent
// and unchanged by a trip through Envoy's protobuf encoding.
import type { StoredEvent } from '../../domain/events.js';
import type { ServiceInstance } from '../meshReader.js';
import { meshReader } from '../meshReader.js';
import { emptyProjection, project } from '../projection.js';
import type { Snapshot } from '../snapshot.js';
import { consistencyIssues } from '../snapshot.js';
import type { ResourceType } from '../envoy/typeUrls.js';
import { meshLog } from './meshLog.testSupport.js';
import { roundTripDifferences } from './protoRoundTrip.testSupport.js';

type Json = Record<string, unknown>;

export function nodeSnapshot(events: readonly StoredEvent[], nodeName: string, instances: readonly (ServiceInstance & { namespace: string; service: string })[] = []): Snapshot {
  const projection = emptyProjection(events[0]?.stream ?? 'demo');
  const reader = meshReader(projection.state, (namespace, service) => instances.filter((i) => i.namespace === namespace && i.service === service));
  const { changes, rejected } = project(projection, events, reader);
  if (rejected.length) throw new Error(`rejected: ${JSON.stringify(rejected)}`);
  const change = changes.find((c) => c.target === `virtualNode/${nodeName}`);
  if (!change || !('snapshot' in change)) throw new Error(`no snapshot for ${nodeName}`);
  const issues = consistencyIssues(change.snapshot);
  if (issues.length) throw new Error(`inconsistent: ${issues.join('; ')}`);
  const differences = roundTripDifferences(change.snapshot);
  if (differences.length) throw new Error(`changed by protobuf:\n${differences.join("\n")}`);
  return change.snapshot;
}

/** One resource of a snapshot by name (endpoints by cluster name). */
export function resource(snapshot: Snapshot, type: ResourceType, name: string): Json {
  const found = snapshot.resources[type].find((r) => (r['name'] ?? r['clusterName']) === name);
  if (!found) throw new Error(`no ${type} '${name}' in ${snapshot.resources[type].map((r) => r['name'] ?? r['clusterName']).join(', ')}`);
  return found as Json;
}

/** The filter chains of a listener. */
export function filterChains(snapshot: Snapshot, listener: string): Json[] {
  return resource(snapshot, 'listener', listener)['filterChains'] as Json[];
}

/** The typed config of the first network filter of a filter chain. */
export function firstFilterConfig(chain: Json): Json {
  return ((chain['filters'] as Json[])[0] as Json)['typedConfig'] as Json;
}

/** The typed config of a transport socket (a filter chain's or a cluster's). */
export function tlsContext(holder: Json): Json {
  return ((holder['transportSocket'] as Json)['typedConfig'] as Json);
}

/** The snapshot of `web`, whose one backend `api.svc` is provided by node `api` with the given spec. */
export function callerSnapshot(apiSpec: object, meshSpec: object = {}, instances: Parameters<typeof nodeSnapshot>[2] = []): Snapshot {
  const log = meshLog();
  return nodeSnapshot(
    [
      log.mesh(meshSpec),
      log.created('virtualNode', 'api', apiSpec),
      log.created('virtualService', 'api.svc', { provider: { virtualNode: { virtualNodeName: 'api' } } }),
      log.created('virtualNode', 'web', { backends: [{ virtualService: { virtualServiceName: 'api.svc' } }] }),
    ],
    'web',
    instances,
  );
}

/** The snapshot of a lone node `api` with the given spec. */
export function ownSnapshot(apiSpec: object, meshSpec: object = {}): Snapshot {
  const log = meshLog();
  return nodeSnapshot([log.mesh(meshSpec), log.created('virtualNode', 'api', apiSpec)], 'api');
}
