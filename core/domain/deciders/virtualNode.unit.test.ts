import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const web = ids.virtualNode('web');
const spec = {
  listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
  // A backend names a service that need not exist yet, as in App Mesh.
  backends: [{ virtualService: { virtualServiceName: 'later.demo.local' } }],
};

describe('virtual node decider', () => {
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

  it('references nothing: backends may name services that do not exist yet', () => {
    expect(referencesOf({ type: 'create', id: web, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: web, spec })).toEqual([]);
  });
});
