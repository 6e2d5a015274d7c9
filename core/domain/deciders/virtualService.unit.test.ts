import { describe, expect, it } from 'vitest';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const svc = ids.virtualService('svc.demo.local');
const web = ids.virtualNode('web');
const vr = ids.virtualRouter('vr');
const byNode = { provider: { virtualNode: { virtualNodeName: 'web' } } };
const byRouter = { provider: { virtualRouter: { virtualRouterName: 'vr' } } };

describe('virtual service decider', () => {
  it('creates a virtual service at version 1 with the uid, time and ARN it is given', () => {
    given({ mesh, existingReferences: [web] })
      .when({ type: 'create', id: svc, spec: byNode, tags: [] })
      .then(eventOf('VirtualServiceCreated', 'Created', {
        id: svc,
        spec: byNode,
        tags: [],
        status: 'ACTIVE',
        metadata: {
          arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualService/svc.demo.local',
          uid: 'uid-new',
          version: 1,
          createdAt: now,
          lastUpdatedAt: now,
          meshOwner: '111122223333',
          resourceOwner: '111122223333',
        },
      }));
  });

  it('accepts a virtual service with no provider yet', () => {
    given({ mesh }).when({ type: 'create', id: svc, spec: {}, tags: [] }).thenMatches({ type: 'VirtualServiceCreated', resource: { spec: {} } });
  });

  it('rejects a provider virtual node that does not exist, naming the field', () => {
    given({ mesh })
      .when({ type: 'create', id: svc, spec: byNode, tags: [] })
      .thenThrows('NotFoundException', "spec.provider.virtualNode.virtualNodeName: virtual node 'web' in mesh 'demo' does not exist.");
  });

  it('rejects a provider virtual router that does not exist, naming the field', () => {
    given({ mesh, existingReferences: [web] })
      .when({ type: 'create', id: svc, spec: byRouter, tags: [] })
      .thenThrows('NotFoundException', "spec.provider.virtualRouter.virtualRouterName: virtual router 'vr' in mesh 'demo' does not exist.");
  });

  it('rejects creating a virtual service whose name is taken with ConflictException', () => {
    given({ mesh, target: existing(svc), existingReferences: [web] })
      .when({ type: 'create', id: svc, spec: byNode, tags: [] })
      .thenThrows('ConflictException', "Virtual service 'svc.demo.local' in mesh 'demo' already exists.");
  });

  it('rejects creating a virtual service in a mesh that does not exist with NotFoundException', () => {
    given({ existingReferences: [web] }).when({ type: 'create', id: svc, spec: byNode, tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('updates the provider, bumps the version by one and keeps uid and createdAt', () => {
    const current = existing(svc, { spec: byNode, version: 5 });
    given({ mesh, target: current, existingReferences: [vr] })
      .when({ type: 'update', id: svc, spec: byRouter })
      .then(eventOf('VirtualServiceUpdated', 'Updated', { ...current, spec: byRouter, metadata: { ...current.metadata, version: 6, lastUpdatedAt: now } }));
  });

  it('rejects updating a virtual service that does not exist with NotFoundException', () => {
    given({ mesh, existingReferences: [web] })
      .when({ type: 'update', id: svc, spec: byNode })
      .thenThrows('NotFoundException', "Virtual service 'svc.demo.local' in mesh 'demo' does not exist.");
  });

  it('deletes a virtual service as VirtualServiceDeleted with status DELETED', () => {
    const current = existing(svc, { spec: byNode });
    given({ mesh, target: current })
      .when({ type: 'delete', id: svc })
      .then(eventOf('VirtualServiceDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('rejects deleting a virtual service a gateway route targets, naming the gateway route', () => {
    given({ mesh, target: existing(svc), dependent: ids.gatewayRoute('gw', 'gr') })
      .when({ type: 'delete', id: svc })
      .thenThrows('ResourceInUseException', "Cannot delete virtual service 'svc.demo.local' in mesh 'demo': gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' depends on it.");
  });

  it('evolves to nothing once the service is deleted', () => {
    const current = existing(svc);
    expect(evolve(current, eventOf('VirtualServiceDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references its provider, node or router, and nothing without one', () => {
    expect(referencesOf({ type: 'create', id: svc, spec: byNode, tags: [] })).toEqual([web]);
    expect(referencesOf({ type: 'update', id: svc, spec: byRouter })).toEqual([vr]);
    expect(referencesOf({ type: 'create', id: svc, spec: {}, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'delete', id: svc })).toEqual([]);
  });
});
