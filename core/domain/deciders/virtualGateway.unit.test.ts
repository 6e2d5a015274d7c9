import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { create, givenMesh, remove } from './commandSpecification.js';
import { ids } from './deciderSpecification.js';

const gw = ids.virtualGateway('gw');
const spec = { listeners: [{ portMapping: { port: 443, protocol: 'http' } }] };

describe('virtual gateway decider', () => {
  it('rejects deleting a virtual gateway that still has a gateway route, naming it', async () => {
    await givenMesh(create(gw, spec), create(ids.virtualService('svc.demo.local')), create(ids.gatewayRoute('gw', 'gr'), { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'svc.demo.local' } } } } }))
      .when(remove(gw))
      .thenThrows('ResourceInUseException', "Cannot delete virtual gateway 'gw' in mesh 'demo': gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' depends on it.");
  });

  it('references nothing', () => {
    expect(referencesOf({ type: 'create', id: gw, spec, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'update', id: gw, spec })).toEqual([]);
  });
});
