import { describe, expect, it } from 'vitest';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const demo = ids.mesh('demo');
const spec = { egressFilter: { type: 'ALLOW_ALL' } };

describe('mesh decider', () => {
  it('creates a mesh at version 1 with the uid, time, ARN and owner it is given', () => {
    given()
      .when({ type: 'create', id: demo, spec, tags: [{ key: 'team', value: 'edge' }] })
      .then({
        type: 'MeshCreated',
        action: 'Created',
        actor: 'alice',
        requestId: 'req-1',
        at: now,
        resource: {
          id: demo,
          spec,
          tags: [{ key: 'team', value: 'edge' }],
          status: 'ACTIVE',
          metadata: {
            arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo',
            uid: 'uid-new',
            version: 1,
            createdAt: now,
            lastUpdatedAt: now,
            meshOwner: '111122223333',
            resourceOwner: '111122223333',
          },
        },
      });
  });

  it('carries the client token into the event when the request had one', () => {
    given()
      .when({ type: 'create', id: demo, spec: {}, tags: [] }, { clientToken: 'tok-1' })
      .thenMatches({ clientToken: 'tok-1' });
    const event = given().when({ type: 'create', id: demo, spec: {}, tags: [] }).thenMatches({});
    expect(event).not.toHaveProperty('clientToken');
  });

  it('rejects creating a mesh whose name is taken with ConflictException', () => {
    given({ mesh: existing(demo), target: existing(demo) })
      .when({ type: 'create', id: demo, spec: {}, tags: [] })
      .thenThrows('ConflictException', "Mesh 'demo' already exists.");
  });

  it('updates the spec, bumps the version by one and keeps uid and createdAt', () => {
    const current = existing(demo, { version: 4, tags: [{ key: 'a', value: '1' }] });
    given({ mesh: current, target: current })
      .when({ type: 'update', id: demo, spec })
      .then(eventOf('MeshUpdated', 'Updated', {
        ...current,
        spec,
        metadata: { ...current.metadata, version: 5, lastUpdatedAt: now },
      }));
  });

  it('rejects updating a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'update', id: demo, spec }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('deletes a mesh as MeshDeleted with status DELETED at the same version', () => {
    const current = existing(demo, { version: 2 });
    given({ mesh: current, target: current })
      .when({ type: 'delete', id: demo })
      .then(eventOf('MeshDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('rejects deleting a mesh that still holds a resource, naming that resource', () => {
    given({ mesh: existing(demo), target: existing(demo), dependent: ids.virtualNode('web') })
      .when({ type: 'delete', id: demo })
      .thenThrows('ResourceInUseException', "Cannot delete mesh 'demo': virtual node 'web' in mesh 'demo' depends on it.");
  });

  it('rejects deleting a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'delete', id: demo }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('evolves to the event resource, and to nothing once the mesh is deleted', () => {
    const current = existing(demo);
    const updated = { ...current, metadata: { ...current.metadata, version: 2 } };
    expect(evolve(current, eventOf('MeshUpdated', 'Updated', updated))).toEqual(updated);
    expect(evolve(undefined, eventOf('MeshCreated', 'Created', current))).toEqual(current);
    expect(evolve(current, eventOf('MeshDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references nothing, whatever the command', () => {
    expect(referencesOf({ type: 'create', id: demo, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: demo, spec })).toEqual([]);
    expect(referencesOf({ type: 'delete', id: demo })).toEqual([]);
  });
});
