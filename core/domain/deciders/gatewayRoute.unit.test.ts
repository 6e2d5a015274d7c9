import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../resource.js';
import { evolve, referencesOf } from './decide.js';
import { eventOf, existing, given, ids, now } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const gateway = existing(ids.virtualGateway('gw'));
const gr = ids.gatewayRoute('gw', 'gr');
const svc = ids.virtualService('svc');
const other = ids.virtualService('other');
const action = (service: string) => ({ target: { virtualService: { virtualServiceName: service } } });
const spec = (type: string, service: string): JsonObject => ({ [type]: { match: { prefix: '/' }, action: action(service) } });
const ready = { mesh, parent: gateway, existingReferences: [svc, other] };

describe('gateway route decider', () => {
  it('creates a gateway route at version 1 with an ARN under its gateway', () => {
    const httpSpec = spec('httpRoute', 'svc');
    given(ready)
      .when({ type: 'create', id: gr, spec: httpSpec, tags: [] })
      .then(eventOf('GatewayRouteCreated', 'Created', {
        id: gr,
        spec: httpSpec,
        tags: [],
        status: 'ACTIVE',
        metadata: {
          arn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualGateway/gw/gatewayRoute/gr',
          uid: 'uid-new',
          version: 1,
          createdAt: now,
          lastUpdatedAt: now,
          meshOwner: '111122223333',
          resourceOwner: '111122223333',
        },
      }));
  });

  it('rejects creating a gateway route whose name is taken on the gateway with ConflictException', () => {
    given({ ...ready, target: existing(gr) })
      .when({ type: 'create', id: gr, spec: spec('httpRoute', 'svc'), tags: [] })
      .thenThrows('ConflictException', "Gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' already exists.");
  });

  it('rejects creating a gateway route in a mesh that does not exist with NotFoundException', () => {
    given().when({ type: 'create', id: gr, spec: spec('httpRoute', 'svc'), tags: [] }).thenThrows('NotFoundException', "Mesh 'demo' does not exist.");
  });

  it('rejects creating a gateway route on a virtual gateway that does not exist with NotFoundException', () => {
    given({ mesh, existingReferences: [svc] })
      .when({ type: 'create', id: gr, spec: spec('httpRoute', 'svc'), tags: [] })
      .thenThrows('NotFoundException', "Virtual gateway 'gw' in mesh 'demo' does not exist.");
  });

  it('rejects a target virtual service that does not exist, naming the field', () => {
    given({ mesh, parent: gateway, existingReferences: [] })
      .when({ type: 'create', id: gr, spec: spec('grpcRoute', 'svc'), tags: [] })
      .thenThrows('NotFoundException', "spec.grpcRoute.action.target.virtualService.virtualServiceName: virtual service 'svc' in mesh 'demo' does not exist.");
  });

  it('rejects a spec that sets none of httpRoute, http2Route, grpcRoute with BadRequestException', () => {
    given(ready)
      .when({ type: 'create', id: gr, spec: { priority: 1 }, tags: [] })
      .thenThrows('BadRequestException', 'spec: must set one of spec.httpRoute, spec.http2Route, spec.grpcRoute');
  });

  it('rejects a spec that sets two route types with BadRequestException naming both', () => {
    given(ready)
      .when({ type: 'create', id: gr, spec: { ...spec('httpRoute', 'svc'), ...spec('http2Route', 'svc') }, tags: [] })
      .thenThrows('BadRequestException', 'spec: must set only one of spec.httpRoute, spec.http2Route, spec.grpcRoute (got httpRoute, http2Route)');
  });

  it('updates the target, bumps the version by one and keeps uid and createdAt', () => {
    const current = existing(gr, { spec: spec('httpRoute', 'svc'), version: 9 });
    const next = spec('http2Route', 'other');
    given({ ...ready, target: current })
      .when({ type: 'update', id: gr, spec: next })
      .then(eventOf('GatewayRouteUpdated', 'Updated', { ...current, spec: next, metadata: { ...current.metadata, version: 10, lastUpdatedAt: now } }));
  });

  it('rejects updating a gateway route that does not exist with NotFoundException', () => {
    given(ready)
      .when({ type: 'update', id: gr, spec: spec('httpRoute', 'svc') })
      .thenThrows('NotFoundException', "Gateway route 'gr' of virtual gateway 'gw' in mesh 'demo' does not exist.");
  });

  it('deletes a gateway route as GatewayRouteDeleted with status DELETED', () => {
    const current = existing(gr, { spec: spec('httpRoute', 'svc') });
    given({ mesh, parent: gateway, target: current })
      .when({ type: 'delete', id: gr })
      .then(eventOf('GatewayRouteDeleted', 'Deleted', { ...current, status: 'DELETED', metadata: { ...current.metadata, lastUpdatedAt: now } }));
  });

  it('evolves to nothing once the gateway route is deleted', () => {
    const current = existing(gr);
    expect(evolve(current, eventOf('GatewayRouteDeleted', 'Deleted', { ...current, status: 'DELETED' }))).toBeUndefined();
  });

  it('references its target virtual service, for creates and updates only', () => {
    expect(referencesOf({ type: 'create', id: gr, spec: spec('httpRoute', 'svc'), tags: [] })).toEqual([svc]);
    expect(referencesOf({ type: 'update', id: gr, spec: spec('grpcRoute', 'other') })).toEqual([other]);
    expect(referencesOf({ type: 'delete', id: gr })).toEqual([]);
  });
});
