import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { create, givenMesh, remove } from './commandSpecification.js';
import { ids } from './deciderSpecification.js';

const vr = ids.virtualRouter('vr');
const spec = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] };

describe('virtual router decider', () => {
  it('rejects deleting a virtual router that still has a route, naming the route', async () => {
    await givenMesh(create(ids.virtualNode('web')), create(vr, spec), create(ids.route('vr', 'r1'), { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'web', weight: 1 }] } } }))
      .when(remove(vr))
      .thenThrows('ResourceInUseException', "Cannot delete virtual router 'vr' in mesh 'demo': route 'r1' of virtual router 'vr' in mesh 'demo' depends on it.");
  });

  it('rejects deleting a virtual router that provides a virtual service, naming the service', async () => {
    await givenMesh(create(vr, spec), create(ids.virtualService('svc'), { provider: { virtualRouter: { virtualRouterName: 'vr' } } }))
      .when(remove(vr))
      .thenThrows('ResourceInUseException', "virtual service 'svc' in mesh 'demo' depends on it");
  });

  it('references nothing', () => {
    expect(referencesOf({ type: 'create', id: vr, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: vr, spec })).toEqual([]);
  });
});
