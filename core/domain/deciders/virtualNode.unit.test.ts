import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { create, givenMesh, remove } from './commandSpecification.js';
import { ids } from './deciderSpecification.js';

const web = ids.virtualNode('web');
const spec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
  // A backend names a service that need not exist yet, as in App Mesh.
  backends: [{ virtualService: { virtualServiceName: 'later.demo.local' } }],
};

describe('virtual node decider', () => {
  it('rejects deleting a virtual node a route still sends traffic to, naming the route', async () => {
    await givenMesh(create(web), create(ids.virtualRouter('vr')), create(ids.route('vr', 'r1'), { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'web', weight: 1 }] } } }))
      .when(remove(web))
      .thenThrows('ResourceInUseException', "Cannot delete virtual node 'web' in mesh 'demo': route 'r1' of virtual router 'vr' in mesh 'demo' depends on it.");
  });

  it('rejects deleting a virtual node that provides a virtual service, naming the service', async () => {
    await givenMesh(create(web), create(ids.virtualService('svc.demo.local'), { provider: { virtualNode: { virtualNodeName: 'web' } } }))
      .when(remove(web))
      .thenThrows('ResourceInUseException', "virtual service 'svc.demo.local' in mesh 'demo' depends on it");
  });

  it('references nothing: backends may name services that do not exist yet', () => {
    expect(referencesOf({ type: 'create', id: web, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: web, spec })).toEqual([]);
  });
});
