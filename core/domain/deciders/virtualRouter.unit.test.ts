import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const vr = ids.virtualRouter('vr');
const spec = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] };

describe('virtual router decider', () => {
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

  it('references nothing', () => {
    expect(referencesOf({ type: 'create', id: vr, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: vr, spec })).toEqual([]);
  });
});
