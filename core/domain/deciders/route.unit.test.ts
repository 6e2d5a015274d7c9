import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../resource.js';
import { referencesOf } from './decide.js';
import { existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const router = existing(ids.virtualRouter('vr'));
const r1 = ids.route('vr', 'r1');
const web = ids.virtualNode('web');
const api = ids.virtualNode('api');
const targets = (...nodes: string[]) => ({ weightedTargets: nodes.map((virtualNode) => ({ virtualNode, weight: 1 })) });
const httpSpec = (...nodes: string[]): JsonObject => ({ httpRoute: { match: { prefix: '/' }, action: targets(...nodes) } });
const ready = { mesh, parent: router, existingReferences: [web, api] };

describe('route decider', () => {
  it('rejects creating a route on a virtual router that does not exist with NotFoundException', () => {
    given({ mesh, existingReferences: [web] })
      .when({ type: 'create', id: r1, spec: httpSpec('web'), tags: [] })
      .thenThrows('NotFoundException', "Virtual router 'vr' in mesh 'demo' does not exist.");
  });

  it('rejects a weighted target whose virtual node does not exist, naming the field', () => {
    given({ mesh, parent: router, existingReferences: [web] })
      .when({ type: 'create', id: r1, spec: httpSpec('web', 'ghost'), tags: [] })
      .thenThrows('NotFoundException', "spec.httpRoute.action.weightedTargets[1].virtualNode: virtual node 'ghost' in mesh 'demo' does not exist.");
  });

  it('rejects a spec that sets none of httpRoute, http2Route, grpcRoute, tcpRoute with BadRequestException', () => {
    given(ready)
      .when({ type: 'create', id: r1, spec: { priority: 1 }, tags: [] })
      .thenThrows('BadRequestException', 'spec: must set one of spec.httpRoute, spec.http2Route, spec.grpcRoute, spec.tcpRoute');
  });

  it('rejects a spec that sets two route types with BadRequestException naming both', () => {
    const spec = { httpRoute: { match: { prefix: '/' }, action: targets('web') }, tcpRoute: { action: targets('web') } };
    given(ready)
      .when({ type: 'create', id: r1, spec, tags: [] })
      .thenThrows('BadRequestException', 'spec: must set only one of spec.httpRoute, spec.http2Route, spec.grpcRoute, spec.tcpRoute (got httpRoute, tcpRoute)');
  });

  it('accepts each route type on its own', () => {
    for (const type of ['http2Route', 'grpcRoute', 'tcpRoute']) {
      given(ready).when({ type: 'create', id: r1, spec: { [type]: { action: targets('api') } }, tags: [] }).thenMatches({ type: 'RouteCreated' });
    }
  });

  it('rejects an update that points at a virtual node that does not exist', () => {
    given({ mesh, parent: router, target: existing(r1, { spec: httpSpec('web') }), existingReferences: [web] })
      .when({ type: 'update', id: r1, spec: { tcpRoute: { action: targets('gone') } } })
      .thenThrows('NotFoundException', "spec.tcpRoute.action.weightedTargets[0].virtualNode: virtual node 'gone' in mesh 'demo' does not exist.");
  });

  it('references the virtual node of every weighted target, for creates and updates only', () => {
    expect(referencesOf({ type: 'create', id: r1, spec: httpSpec('web', 'api'), tags: [] })).toEqual([web, api]);
    expect(referencesOf({ type: 'update', id: r1, spec: { grpcRoute: { action: targets('api') } } })).toEqual([api]);
    expect(referencesOf({ type: 'create', id: r1, spec: { priority: 1 }, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'delete', id: r1 })).toEqual([]);
  });
});
