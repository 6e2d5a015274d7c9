import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { create, givenMesh, remove } from './commandSpecification.js';
import { given, ids } from './deciderSpecification.js';

const demo = ids.mesh('demo');
const spec = { egressFilter: { type: 'ALLOW_ALL' } };

describe('mesh decider', () => {
  it('carries the client token into the event when the request had one', () => {
    given()
      .when({ type: 'create', id: demo, spec: {}, tags: [] }, { clientToken: 'tok-1' })
      .thenMatches({ clientToken: 'tok-1' });
    const event = given().when({ type: 'create', id: demo, spec: {}, tags: [] }).thenMatches({});
    expect(event).not.toHaveProperty('clientToken');
  });

  it('rejects deleting a mesh that still holds a resource, naming that resource', async () => {
    await givenMesh(create(ids.virtualNode('web')))
      .when(remove(demo))
      .thenThrows('ResourceInUseException', "Cannot delete mesh 'demo': virtual node 'web' in mesh 'demo' depends on it.");
  });

  it('references nothing, whatever the command', () => {
    expect(referencesOf({ type: 'create', id: demo, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: demo, spec })).toEqual([]);
    expect(referencesOf({ type: 'delete', id: demo })).toEqual([]);
  });
});
