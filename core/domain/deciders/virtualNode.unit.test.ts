import { describe, expect, it } from 'vitest';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const web = ids.virtualNode('web');
const spec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
  // A backend names a service that need not exist yet, as in App Mesh.
  backends: [{ virtualService: { virtualServiceName: 'later.demo.local' } }],
};

describe('virtual node decider', () => {
  it('creates a virtual node at version 1 with the uid, time and ARN it is given', () => {
    given({ mesh })
      .when({ type: 'create', id: web, spec, tags: [] })
      .then(eventOf('VirtualNodeCreated', 'Created', {
        id: web,
        spec,
        tags: [],
        status: 'ACTIVE',
        metadata: {
          arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualNode/web',
          uid: 'uid-new',
          version: 1,
          createdAt: now,
          lastUpdatedAt: now,
          meshOwner: '111122223333',
          resourceOwner: '111122223333',
        },
      }));
  });

  it('rejects creating a virtual node whose name is taken with ConflictException', () => {
    given({ mesh, target: existing(web) })
      .when({ type: 'create', id: web, spec, tags: [] })
      .thenThrows('ConflictException', "Virtual node 'web' in mesh 'demo' already exists.");
  });

  it('rejects creating a virtual node in a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'create', id: web, spec, tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('updates the spec, bumps the version by one and keeps uid, createdAt and tags', () => {
    const current = existing(web, { version: 1, tags: [{ key: 'team', value: 'edge' }] });
    given({ mesh, target: current })
      .when({ type: 'update', id: web, spec })
      .then(eventOf('VirtualNodeUpdated', 'Updated', { ...current, spec, metadata: { ...current.metadata, version: 2, lastUpdatedAt: now } }));
  });

  it('rejects updating a virtual node that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'update', id: web, spec }).thenThrows('NotFoundException', "Virtual node 'web' in mesh 'demo' does not exist.");
  });

  it('rejects updating a virtual node when its mesh is gone with NotFoundException naming the mesh', () => {
    given().when({ type: 'update', id: web, spec }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('deletes a virtual node as VirtualNodeDeleted with status DELETED', () => {
    const current = existing(web, { version: 3 });
    given({ mesh, target: current })
      .when({ type: 'delete', id: web })
      .then(eventOf('VirtualNodeDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('rejects deleting a virtual node a route still sends traffic to, naming the route', () => {
    given({ mesh, target: existing(web), dependent: ids.route('vr', 'r1') })
      .when({ type: 'delete', id: web })
      .thenThrows('ResourceInUseException', "Cannot delete virtual node 'web' in mesh 'demo': route 'r1' of virtual router 'vr' in mesh 'demo' depends on it.");
  });

  it('rejects deleting a virtual node that provides a virtual service, naming the service', () => {
    given({ mesh, target: existing(web), dependent: ids.virtualService('svc.demo.local') })
      .when({ type: 'delete', id: web })
      .thenThrows('ResourceInUseException', "virtual service 'svc.demo.local' in mesh 'demo' depends on it");
  });

  it('rejects deleting a virtual node that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'delete', id: web }).thenThrows('NotFoundException', "Virtual node 'web' in mesh 'demo' does not exist.");
  });

  it('evolves to nothing once the node is deleted', () => {
    const current = existing(web);
    expect(evolve(undefined, eventOf('VirtualNodeCreated', 'Created', current))).toEqual(current);
    expect(evolve(current, eventOf('VirtualNodeDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references nothing: backends may name services that do not exist yet', () => {
    expect(referencesOf({ type: 'create', id: web, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: web, spec })).toEqual([]);
  });
});
