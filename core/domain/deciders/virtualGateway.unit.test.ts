import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const gw = ids.virtualGateway('gw');
const spec = { listeners: [{ portMapping: { port: 443, protocol: 'http' } }] };

describe('virtual gateway decider', () => {
  it('rejects deleting a virtual gateway that still has a gateway route, naming it', () => {
    given({ mesh, target: existing(gw), dependent: ids.gatewayRoute('gw', 'gr') })
      .when({ type: 'delete', id: gw })
      .thenThrows('ResourceInUseException', "Cannot delete virtual gateway 'gw' in mesh 'demo': gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' depends on it.");
  });

  it('references nothing', () => {
    expect(referencesOf({ type: 'create', id: gw, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: gw, spec })).toEqual([]);
  });
});
