import { describe, expect, it } from 'vitest';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const vr = ids.virtualRouter('vr');
const spec = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] };

describe('virtual router decider', () => {
  it('creates a virtual router at version 1 with the uid, time and ARN it is given', () => {
    given({ mesh })
      .when({ type: 'create', id: vr, spec, tags: [{ key: 'tier', value: 'front' }] })
      .then(eventOf('VirtualRouterCreated', 'Created', {
        id: vr,
        spec,
        tags: [{ key: 'tier', value: 'front' }],
        status: 'ACTIVE',
        metadata: {
          arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualRouter/vr',
          uid: 'uid-new',
          version: 1,
          createdAt: now,
          lastUpdatedAt: now,
          meshOwner: '111122223333',
          resourceOwner: '111122223333',
        },
      }));
  });

  it('rejects creating a virtual router whose name is taken with ConflictException', () => {
    given({ mesh, target: existing(vr) })
      .when({ type: 'create', id: vr, spec, tags: [] })
      .thenThrows('ConflictException', "Virtual router 'vr' in mesh 'demo' already exists.");
  });

  it('rejects creating a virtual router in a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'create', id: vr, spec, tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('updates the spec, bumps the version by one and keeps uid and createdAt', () => {
    const current = existing(vr, { version: 7 });
    given({ mesh, target: current })
      .when({ type: 'update', id: vr, spec })
      .thenMatches({
        type: 'VirtualRouterUpdated',
        resource: { spec, metadata: { uid: 'uid-vr', version: 8, createdAt: current.metadata.createdAt, lastUpdatedAt: now } },
      });
  });

  it('rejects updating a virtual router that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'update', id: vr, spec }).thenThrows('NotFoundException', "Virtual router 'vr' in mesh 'demo' does not exist.");
  });

  it('deletes a virtual router as VirtualRouterDeleted with status DELETED', () => {
    const current = existing(vr);
    given({ mesh, target: current })
      .when({ type: 'delete', id: vr })
      .then(eventOf('VirtualRouterDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('rejects deleting a virtual router that still has a route, naming the route', () => {
    given({ mesh, target: existing(vr), dependent: ids.route('vr', 'r1') })
      .when({ type: 'delete', id: vr })
      .thenThrows('ResourceInUseException', "Cannot delete virtual router 'vr' in mesh 'demo': route 'r1' of virtual router 'vr' in mesh 'demo' depends on it.");
  });

  it('rejects deleting a virtual router that provides a virtual service, naming the service', () => {
    given({ mesh, target: existing(vr), dependent: ids.virtualService('svc') })
      .when({ type: 'delete', id: vr })
      .thenThrows('ResourceInUseException', "virtual service 'svc' in mesh 'demo' depends on it");
  });

  it('rejects deleting a virtual router that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'delete', id: vr }).thenThrows('NotFoundException', "Virtual router 'vr' in mesh 'demo' does not exist.");
  });

  it('evolves to nothing once the router is deleted', () => {
    const current = existing(vr);
    expect(evolve(current, eventOf('VirtualRouterDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references nothing', () => {
    expect(referencesOf({ type: 'create', id: vr, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: vr, spec })).toEqual([]);
  });
});
