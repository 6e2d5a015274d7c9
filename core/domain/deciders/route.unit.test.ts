import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../resource.js';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const router = existing(ids.virtualRouter('vr'));
const r1 = ids.route('vr', 'r1');
const web = ids.virtualNode('web');
const api = ids.virtualNode('api');
const targets = (...nodes: string[]) => ({ weightedTargets: nodes.map((virtualNode) => ({ virtualNode, weight: 1 })) });
const httpSpec = (...nodes: string[]): JsonObject => ({ httpRoute: { match: { prefix: '/' }, action: targets(...nodes) } });
const ready = { mesh, parent: router, existingReferences: [web, api] };

describe('route decider', () => {
  it('creates a route at version 1 with an ARN under its router', () => {
    const spec = httpSpec('web');
    given(ready)
      .when({ type: 'create', id: r1, spec, tags: [] })
      .then(eventOf('RouteCreated', 'Created', {
        id: r1,
        spec,
        tags: [],
        status: 'ACTIVE',
        metadata: {
          arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualRouter/vr/route/r1',
          uid: 'uid-new',
          version: 1,
          createdAt: now,
          lastUpdatedAt: now,
          meshOwner: '111122223333',
          resourceOwner: '111122223333',
        },
      }));
  });

  it('rejects creating a route whose name is taken on the router with ConflictException', () => {
    given({ ...ready, target: existing(r1) })
      .when({ type: 'create', id: r1, spec: httpSpec('web'), tags: [] })
      .thenThrows('ConflictException', "Route 'r1' of virtual router 'vr' in mesh 'demo' already exists.");
  });

  it('rejects creating a route in a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'create', id: r1, spec: httpSpec('web'), tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

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

  it('updates the spec, bumps the version by one and keeps uid and createdAt', () => {
    const current = existing(r1, { spec: httpSpec('web'), version: 2 });
    const spec = httpSpec('web', 'api');
    given({ ...ready, target: current })
      .when({ type: 'update', id: r1, spec })
      .then(eventOf('RouteUpdated', 'Updated', { ...current, spec, metadata: { ...current.metadata, version: 3, lastUpdatedAt: now } }));
  });

  it('rejects an update that points at a virtual node that does not exist', () => {
    given({ mesh, parent: router, target: existing(r1, { spec: httpSpec('web') }), existingReferences: [web] })
      .when({ type: 'update', id: r1, spec: { tcpRoute: { action: targets('gone') } } })
      .thenThrows('NotFoundException', "spec.tcpRoute.action.weightedTargets[0].virtualNode: virtual node 'gone' in mesh 'demo' does not exist.");
  });

  it('rejects updating a route that does not exist with NotFoundException', () => {
    given(ready).when({ type: 'update', id: r1, spec: httpSpec('web') }).thenThrows('NotFoundException', "Route 'r1' of virtual router 'vr' in mesh 'demo' does not exist.");
  });

  it('deletes a route as RouteDeleted with status DELETED', () => {
    const current = existing(r1, { spec: httpSpec('web') });
    given({ mesh, parent: router, target: current, existingReferences: [] })
      .when({ type: 'delete', id: r1 })
      .then(eventOf('RouteDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('evolves to nothing once the route is deleted', () => {
    const current = existing(r1, { spec: httpSpec('web') });
    expect(evolve(current, eventOf('RouteDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references the virtual node of every weighted target, for creates and updates only', () => {
    expect(referencesOf({ type: 'create', id: r1, spec: httpSpec('web', 'api'), tags: [] })).toEqual([web, api]);
    expect(referencesOf({ type: 'update', id: r1, spec: { grpcRoute: { action: targets('api') } } })).toEqual([api]);
    expect(referencesOf({ type: 'create', id: r1, spec: { priority: 1 }, tags: [] })).toEqual([]);
    expect(referencesOf({ type: 'delete', id: r1 })).toEqual([]);
  });
});
