import { describe, expect, it } from 'vitest';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const gw = ids.virtualGateway('gw');
const spec = { listeners: [{ portMapping: { port: 443, protocol: 'http' } }] };

describe('virtual gateway decider', () => {
  it('creates a virtual gateway at version 1 with the uid, time and ARN it is given', () => {
    given({ mesh })
      .when({ type: 'create', id: gw, spec, tags: [] })
      .then(eventOf('VirtualGatewayCreated', 'Created', {
        id: gw,
        spec,
        tags: [],
        status: 'ACTIVE',
        metadata: {
          arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualGateway/gw',
          uid: 'uid-new',
          version: 1,
          createdAt: now,
          lastUpdatedAt: now,
          meshOwner: '111122223333',
          resourceOwner: '111122223333',
        },
      }));
  });

  it('rejects creating a virtual gateway whose name is taken with ConflictException', () => {
    given({ mesh, target: existing(gw) })
      .when({ type: 'create', id: gw, spec, tags: [] })
      .thenThrows('ConflictException', "Virtual gateway 'gw' in mesh 'demo' already exists.");
  });

  it('rejects creating a virtual gateway in a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'create', id: gw, spec, tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('updates the spec, bumps the version by one and keeps uid and createdAt', () => {
    const current = existing(gw, { spec: {}, version: 1 });
    given({ mesh, target: current })
      .when({ type: 'update', id: gw, spec })
      .then(eventOf('VirtualGatewayUpdated', 'Updated', { ...current, spec, metadata: { ...current.metadata, version: 2, lastUpdatedAt: now } }));
  });

  it('rejects updating a virtual gateway that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'update', id: gw, spec }).thenThrows('NotFoundException', "Virtual gateway 'gw' in mesh 'demo' does not exist.");
  });

  it('deletes a virtual gateway as VirtualGatewayDeleted with status DELETED', () => {
    const current = existing(gw, { spec });
    given({ mesh, target: current })
      .when({ type: 'delete', id: gw })
      .then(eventOf('VirtualGatewayDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('rejects deleting a virtual gateway that still has a gateway route, naming it', () => {
    given({ mesh, target: existing(gw), dependent: ids.gatewayRoute('gw', 'gr') })
      .when({ type: 'delete', id: gw })
      .thenThrows('ResourceInUseException', "Cannot delete virtual gateway 'gw' in mesh 'demo': gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' depends on it.");
  });

  it('rejects deleting a virtual gateway that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'delete', id: gw }).thenThrows('NotFoundException', "Virtual gateway 'gw' in mesh 'demo' does not exist.");
  });

  it('evolves to nothing once the gateway is deleted', () => {
    const current = existing(gw);
    expect(evolve(current, eventOf('VirtualGatewayDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references nothing', () => {
    expect(referencesOf({ type: 'create', id: gw, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: gw, spec })).toEqual([]);
  });
});
