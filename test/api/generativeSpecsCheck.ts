// Test support for the generative check: the scaffold mesh every drawn request
// may refer to, and the in-process compile of an accepted resource against it,
// checked with Envoy's rules (core/projection/validate) and the consistency check.
import type { StoredEvent } from '../../core/domain/events.js';
import type { ResourceKind } from '../../core/domain/kinds.js';
import { compileVirtualGateway } from '../../core/projection/compile/compileVirtualGateway.js';
import { compileVirtualNode } from '../../core/projection/compile/compileVirtualNode.js';
import { meshLog } from '../../core/projection/compile/meshLog.testSupport.js';
import { roundTripDifferences } from '../../core/projection/compile/protoRoundTrip.testSupport.js';
import { meshReader } from '../../core/projection/meshReader.js';
import { applyEvent, emptyMeshState } from '../../core/projection/meshState.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import { canonicalJson, consistencyIssues, toSnapshot } from '../../core/projection/snapshot.js';
import { formatViolation, validateSnapshot } from '../../core/projection/validate/validateSnapshot.js';
import type { ScaffoldNames } from '../support/specArbitrary.js';

type Spec = Record<string, unknown>;
export interface ScaffoldResource {
  readonly kind: Exclude<ResourceKind, 'mesh'>;
  readonly name: string;
  readonly parent?: string;
  readonly spec: Spec;
}

const listeners = (...ports: [number, string][]) => ports.map(([port, protocol]) => ({ portMapping: { port, protocol } }));
const node = (name: string, ...ports: [number, string][]): ScaffoldResource => ({ kind: 'virtualNode', name, spec: { listeners: listeners(...ports), serviceDiscovery: { dns: { hostname: `${name}.local` } } } });
const router = (name: string, ...ports: [number, string][]): ScaffoldResource => ({ kind: 'virtualRouter', name, spec: { listeners: listeners(...ports) } });
const byRouter = (name: string, routerName: string): ScaffoldResource => ({ kind: 'virtualService', name, spec: { provider: { virtualRouter: { virtualRouterName: routerName } } } });

export const scaffoldMesh = 'gen';

/** In creation order: nodes, routers, the services they provide, a caller of every service, gateways. */
export const scaffold: readonly ScaffoldResource[] = [
  node('n-http', [8080, 'http']),
  node('n-grpc', [9090, 'grpc']),
  node('n-multi', [8080, 'http'], [9090, 'http2']),
  node('n-tcp', [7070, 'tcp']),
  router('r-http', [8080, 'http']),
  router('r-grpc', [9090, 'grpc']),
  router('r-multi', [8080, 'http'], [9090, 'http2']),
  router('r-tcp', [7070, 'tcp']),
  byRouter('s-http.local', 'r-http'),
  byRouter('s-grpc.local', 'r-grpc'),
  byRouter('s-multi.local', 'r-multi'),
  byRouter('s-tcp.local', 'r-tcp'),
  { kind: 'virtualService', name: 's-node.local', spec: { provider: { virtualNode: { virtualNodeName: 'n-http' } } } },
  { kind: 'virtualNode', name: 'caller', spec: { backends: ['s-http.local', 's-grpc.local', 's-multi.local', 's-tcp.local', 's-node.local'].map((virtualServiceName) => ({ virtualService: { virtualServiceName } })) } },
  { kind: 'virtualGateway', name: 'gw', spec: { listeners: listeners([8080, 'http']) } },
  { kind: 'virtualGateway', name: 'gw-grpc', spec: { listeners: listeners([9090, 'grpc']) } },
];

export function scaffoldNames(arnOf: (r: { kind: string; name: string; parent?: string }) => string): ScaffoldNames {
  const of = (kind: string) => scaffold.filter((r) => r.kind === kind).map((r) => r.name);
  return {
    mesh: scaffoldMesh,
    nodes: of('virtualNode'),
    routers: of('virtualRouter'),
    services: of('virtualService'),
    gateways: of('virtualGateway'),
    ports: [8080, 9090, 7070],
    arns: [arnOf({ kind: 'mesh', name: scaffoldMesh }), ...scaffold.slice(0, 6).map(arnOf)],
  };
}

/** An accepted resource, as the API answered it. */
export interface Accepted {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly parent?: string;
  readonly spec: Spec;
}

/**
 * The scaffold plus one accepted resource, and whatever makes it compile
 * (a caller for a new node, router or service), compiled from scratch: the
 * problems of every snapshot it affects, as strings; none means Envoy would
 * take them all.
 */
export function compileProblems(accepted: Accepted): string[] {
  const meshName = accepted.kind === 'mesh' ? accepted.name : scaffoldMesh;
  const log = meshLog(meshName);
  const events: StoredEvent[] = [log.mesh(accepted.kind === 'mesh' ? accepted.spec : {}), ...scaffold.map((r) => log.created(r.kind, r.name, r.spec, r.parent))];
  if (accepted.kind !== 'mesh') events.push(log.created(accepted.kind, accepted.name, accepted.spec, accepted.parent));
  const probe = (provider: Spec) => [log.created('virtualService', 'probe.local', { provider }), log.created('virtualNode', 'prober', { backends: [{ virtualService: { virtualServiceName: 'probe.local' } }] })];
  if (accepted.kind === 'virtualNode') events.push(...probe({ virtualNode: { virtualNodeName: accepted.name } }));
  if (accepted.kind === 'virtualRouter') events.push(...probe({ virtualRouter: { virtualRouterName: accepted.name } }));
  if (accepted.kind === 'virtualService') events.push(log.created('virtualNode', 'prober', { backends: [{ virtualService: { virtualServiceName: accepted.name } }] }));
  return snapshotProblems(events, affected(accepted));
}

/** The proxies whose config the accepted resource can change (all of them for a mesh). */
function affected(accepted: Accepted): readonly string[] | undefined {
  switch (accepted.kind) {
    case 'virtualNode':
      return [`virtualNode/${accepted.name}`, 'virtualNode/prober'];
    case 'virtualRouter':
    case 'virtualService':
      return ['virtualNode/prober'];
    case 'route':
      return ['virtualNode/caller'];
    case 'virtualGateway':
      return [`virtualGateway/${accepted.name}`];
    case 'gatewayRoute':
      return [`virtualGateway/${accepted.parent ?? ''}`];
    default:
      return undefined;
  }
}

/**
 * Compiled the way the projector compiles (every node and gateway of the
 * log), then checked: consistent, unchanged by Envoy's protobuf encoding, and
 * passing Envoy's rules. A check that throws is a problem too.
 */
function snapshotProblems(events: readonly StoredEvent[], only?: readonly string[]): string[] {
  const state = emptyMeshState(events[0]?.stream ?? scaffoldMesh);
  for (const event of events) applyEvent(state, event);
  const reader = meshReader(state);
  const problems: string[] = [];
  for (const event of events) {
    const { kind, name, mesh } = event.resource.id;
    if (kind !== 'virtualNode' && kind !== 'virtualGateway') continue;
    if (only && !only.includes(`${kind}/${name}`)) continue;
    try {
      const config = kind === 'virtualNode' ? compileVirtualNode(reader, name) : compileVirtualGateway(reader, name);
      if (config) problems.push(...snapshotIssues(toSnapshot(`mesh/${mesh}/${kind}/${name}`, config)).map((p) => `${kind}/${name}: ${p}`));
    } catch (error) {
      problems.push(`${kind}/${name}: compiling threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  return problems;
}

// The protobuf round trip is the slow check, and most resources repeat from case
// to case (the scaffold's clusters), so each distinct resource is tried once.
const roundTripped = new Map<string, string[]>();

function roundTripOfNew(snapshot: Snapshot): string[] {
  const out: string[] = [];
  for (const [type, resources] of Object.entries(snapshot.resources)) {
    for (const resource of resources) {
      const key = `${type} ${canonicalJson(resource)}`;
      let found = roundTripped.get(key);
      if (found === undefined) {
        const alone = Object.fromEntries(Object.keys(snapshot.resources).map((t) => [t, t === type ? [resource] : []]));
        found = roundTripDifferences({ ...snapshot, resources: alone as unknown as Snapshot['resources'] });
        if (roundTripped.size > 20_000) roundTripped.clear();
        roundTripped.set(key, found);
      }
      out.push(...found);
    }
  }
  return out;
}

/** Why Envoy would refuse a snapshot, by every check there is. */
export function snapshotIssues(snapshot: Snapshot): string[] {
  // An empty repeated field is absent on the wire: that difference is not one Envoy sees.
  const changed = roundTripOfNew(snapshot).filter((d) => !d.endsWith('sent [], got back undefined'));
  const issues = [...consistencyIssues(snapshot), ...changed.map((d) => `changed by protobuf: ${d}`)];
  try {
    issues.push(...validateSnapshot(snapshot).map(formatViolation));
  } catch (error) {
    issues.push(`the validator threw ${error instanceof Error ? error.message : String(error)}`);
  }
  return issues;
}
