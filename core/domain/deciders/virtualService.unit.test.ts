import { describe, expect, it } from 'vitest';
import { referencesOf } from './decide.js';
import { create, givenMesh, remove } from './commandSpecification.js';
import { existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const svc = ids.virtualService('svc.demo.local');
const web = ids.virtualNode('web');
const vr = ids.virtualRouter('vr');
const byNode = { provider: { virtualNode: { virtualNodeName: 'web' } } };
const byRouter = { provider: { virtualRouter: { virtualRouterName: 'vr' } } };

describe('virtual service decider', () => {
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

  it('rejects deleting a virtual service a gateway route targets, naming the gateway route', async () => {
    await givenMesh(create(svc), create(ids.virtualGateway('gw')), create(ids.gatewayRoute('gw', 'gr'), { httpRoute: { match: { prefix: '/' }, action: { target: { virtualService: { virtualServiceName: 'svc.demo.local' } } } } }))
      .when(remove(svc))
      .thenThrows('ResourceInUseException', "Cannot delete virtual service 'svc.demo.local' in mesh 'demo': gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' depends on it.");
  });

  it('references its provider, node or router, and nothing without one', () => {
    expect(referencesOf({ type: 'create', id: svc, spec: byNode, tags: [] })).toEqual([web]);
    expect(referencesOf({ type: 'update', id: svc, spec: byRouter })).toEqual([vr]);
    expect(referencesOf({ type: 'create', id: svc, spec: {}, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'delete', id: svc })).toEqual([]);
  });
});
