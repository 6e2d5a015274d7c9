// The benchmark mesh of bench:projection and bench:validate: 1,000 virtual
// nodes with 10 backends each and 1,000 virtual services, 100 of them behind a
// router with one weighted route; as events, written straight to a log.
import type { StoredEvent } from '../core/domain/events.js';
import type { JsonObject, ResourceId } from '../core/domain/resource.js';

export const NODES = 1000;
export const BACKENDS = 10;
export const ROUTED = 100; // services provided by a router (one weighted route each); the rest by a node
export const mesh = 'bench';
export const stream = `${mesh}/uid`;

/** Builds events numbered from 1, one builder per log. */
export function eventLog() {
  let version = 0;
  const event = (kind: ResourceId['kind'], name: string, spec: JsonObject, parent?: string, action: StoredEvent['action'] = 'Created'): StoredEvent => {
    version++;
    const id: ResourceId = { kind, mesh, name, ...(parent ? { parent } : {}) };
    return {
      stream, version, type: `${kind}${action}`, action, actor: 'bench', requestId: `r${version}`, at: version,
      resource: { id, spec, tags: [], status: 'ACTIVE', metadata: { arn: `arn:${kind}/${name}`, uid: `u${version}`, version: 1, createdAt: 0, lastUpdatedAt: 0, meshOwner: '0', resourceOwner: '0' } },
    };
  };
  return { event, next: () => version + 1 };
}

const svc = (i: number) => `svc-${i}.bench.local`;
export const routeSpec = (a: number, weightA: number) => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: `node-${a}`, weight: weightA }, { virtualNode: `node-${(a + 1) % NODES}`, weight: 100 - weightA }] } },
});

/** The mesh's creation, in log order. */
export function meshEvents(event: ReturnType<typeof eventLog>['event']): StoredEvent[] {
  const events = [event('mesh', mesh, {})];
  const listener = { portMapping: { port: 8080, protocol: 'http' } };
  for (let i = 0; i < NODES; i++) {
    const backends = Array.from({ length: BACKENDS }, (_, b) => ({ virtualService: { virtualServiceName: svc((i + 1 + b) % NODES) } }));
    events.push(event('virtualNode', `node-${i}`, { listeners: [listener], serviceDiscovery: { dns: { hostname: `node-${i}.bench.local` } }, backends }));
  }
  for (let i = 0; i < NODES; i++) {
    if (i < ROUTED) {
      events.push(event('virtualRouter', `router-${i}`, { listeners: [listener] }));
      events.push(event('route', 'split', routeSpec(i, 90), `router-${i}`));
      events.push(event('virtualService', svc(i), { provider: { virtualRouter: { virtualRouterName: `router-${i}` } } }));
    } else {
      events.push(event('virtualService', svc(i), { provider: { virtualNode: { virtualNodeName: `node-${i}` } } }));
    }
  }
  return events;
}
