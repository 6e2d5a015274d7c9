// What every resource kind shares, through the one generic decider: create at
// version 1, names taken and missing, update bumping the version, delete as
// DELETED, and the fold back. Each kind's own rules (parents, references,
// dependents, spec shapes) are in its own <kind>.unit.test.ts.
import { describe, expect, it } from 'vitest';
import type { JsonObject, ResourceId } from '../resource.js';
import type { CommandView } from './decide.js';
import { evolve } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

interface Kind {
  readonly id: ResourceId;
  /** The event type prefix: `VirtualNode` for VirtualNodeCreated. */
  readonly type: string;
  /** A spec the kind accepts in this view. */
  readonly spec: JsonObject;
  /** Everything the command needs except the target itself: the mesh, the parent, the referenced resources. */
  readonly view: Partial<CommandView>;
  readonly arn: string;
  /** How error messages name the resource. */
  readonly named: string;
}

const mesh = existing(ids.mesh('demo'));
const weighted = (...nodes: string[]) => ({ weightedTargets: nodes.map((virtualNode) => ({ virtualNode, weight: 1 })) });
const arn = (path: string) => `arn:aws:appmesh:eu-west-1:111122223333:mesh/demo${path}`;

const kinds: Record<string, Kind> = {
  mesh: { id: ids.mesh('demo'), type: 'Mesh', spec: { egressFilter: { type: 'ALLOW_ALL' } }, view: {}, arn: arn(''), named: "Mesh 'demo'" },
  'virtual node': {
    id: ids.virtualNode('web'),
    type: 'VirtualNode',
    // A backend names a service that need not exist yet, as in App Mesh.
    spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], backends: [{ virtualService: { virtualServiceName: 'later.demo.local' } }] },
    view: { mesh },
    arn: arn('/virtualNode/web'),
    named: "Virtual node 'web' in mesh 'demo'",
  },
  'virtual router': { id: ids.virtualRouter('vr'), type: 'VirtualRouter', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, view: { mesh }, arn: arn('/virtualRouter/vr'), named: "Virtual router 'vr' in mesh 'demo'" },
  'virtual gateway': { id: ids.virtualGateway('gw'), type: 'VirtualGateway', spec: { listeners: [{ portMapping: { port: 443, protocol: 'http' } }] }, view: { mesh }, arn: arn('/virtualGateway/gw'), named: "Virtual gateway 'gw' in mesh 'demo'" },
  'virtual service': {
    id: ids.virtualService('svc.demo.local'),
    type: 'VirtualService',
    spec: { provider: { virtualNode: { virtualNodeName: 'web' } } },
    view: { mesh, existingReferences: [ids.virtualNode('web')] },
    arn: arn('/virtualService/svc.demo.local'),
    named: "Virtual service 'svc.demo.local' in mesh 'demo'",
  },
  route: {
    id: ids.route('vr', 'r1'),
    type: 'Route',
    spec: { httpRoute: { match: { prefix: '/' }, action: weighted('web') } },
    view: { mesh, parent: existing(ids.virtualRouter('vr')), existingReferences: [ids.virtualNode('web')] },
    arn: arn('/virtualRouter/vr/route/r1'),
    named: "Route 'r1' of virtual router 'vr' in mesh 'demo'",
  },
  'gateway route': {
    id: ids.gatewayRoute('gw', 'gr'),
    type: 'GatewayRoute',
    spec: { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'svc' } } } } },
    view: { mesh, parent: existing(ids.virtualGateway('gw')), existingReferences: [ids.virtualService('svc')] },
    arn: arn('/virtualGateway/gw/gatewayRoute/gr'),
    named: "Gateway route 'gr' of virtual gateway 'gw' in mesh 'demo'",
  },
};

describe.each(Object.entries(kinds))('%s decider, as every kind', (_, kind) => {
  const { id, type, spec, view } = kind;
  /** The view with the target present; a mesh is its own mesh. */
  const withTarget = (target = existing(id)) => ({ ...view, target, ...(id.kind === 'mesh' ? { mesh: target } : {}) });
  const tags = [{ key: 'team', value: 'edge' }];

  it('creates it at version 1 with the uid, time, tags and ARN it is given', () => {
    given(view)
      .when({ type: 'create', id, spec, tags })
      .then(eventOf(`${type}Created`, 'Created', {
        id,
        spec,
        tags,
        status: 'ACTIVE',
        metadata: { arn: kind.arn, uid: 'uid-new', version: 1, createdAt: now, lastUpdatedAt: now, meshOwner: '111122223333', resourceOwner: '111122223333' },
      }));
  });

  it('rejects creating it when the name is taken with ConflictException', () => {
    given(withTarget()).when({ type: 'create', id, spec, tags: [] }).thenThrows('ConflictException', `${kind.named} already exists.`);
  });

  if (id.kind !== 'mesh') {
    it('rejects creating it in a mesh that does not exist with NotFoundException', () => {
      given({ ...view, mesh: undefined }).when({ type: 'create', id, spec, tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
    });
  }

  it('updates the spec, bumps the version by one and keeps uid, createdAt and tags', () => {
    const current = existing(id, { version: 4, tags });
    given(withTarget(current))
      .when({ type: 'update', id, spec })
      .then(eventOf(`${type}Updated`, 'Updated', { ...current, spec, metadata: { ...current.metadata, version: 5, lastUpdatedAt: now } }));
  });

  it('rejects updating it when it does not exist with NotFoundException', () => {
    given(view).when({ type: 'update', id, spec }).thenThrows('NotFoundException', `${kind.named} does not exist.`);
  });

  if (id.kind !== 'mesh') {
    it('rejects updating it when its mesh is gone with NotFoundException naming the mesh', () => {
      given({ ...view, mesh: undefined }).when({ type: 'update', id, spec }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
    });
  }

  it('deletes it with status DELETED at the same version', () => {
    const current = existing(id, { spec, version: 3 });
    given(withTarget(current))
      .when({ type: 'delete', id })
      .then(eventOf(`${type}Deleted`, 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('rejects deleting it when it does not exist with NotFoundException', () => {
    given(view).when({ type: 'delete', id }).thenThrows('NotFoundException', `${kind.named} does not exist.`);
  });

  it('evolves to the event resource, and to nothing once it is deleted', () => {
    const current = existing(id);
    const updated = { ...current, metadata: { ...current.metadata, version: 2 } };
    expect(evolve(undefined, eventOf(`${type}Created`, 'Created', current))).toEqual(current);
    expect(evolve(current, eventOf(`${type}Updated`, 'Updated', updated))).toEqual(updated);
    expect(evolve(current, eventOf(`${type}Deleted`, 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });
});
