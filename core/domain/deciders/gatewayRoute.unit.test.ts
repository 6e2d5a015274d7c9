import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../resource.js';
import { referencesOf } from './decide.js';
import { existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const gateway = existing(ids.virtualGateway('gw'));
const gr = ids.gatewayRoute('gw', 'gr');
const svc = ids.virtualService('svc');
const other = ids.virtualService('other');
const action = (service: string) => ({ target: { virtualService: { virtualServiceName: service } } });
const spec = (type: string, service: string): JsonObject => ({ [type]: { match: { prefix: '/' }, action: action(service) } });
const ready = { mesh, parent: gateway, existingReferences: [svc, other] };

describe('gateway route decider', () => {
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

  it('references its target virtual service, for creates and updates only', () => {
    expect(referencesOf({ type: 'create', id: gr, spec: spec('httpRoute', 'svc'), tags: [] })).toEqual([svc]);
    expect(referencesOf({ type: 'update', id: gr, spec: spec('grpcRoute', 'other') })).toEqual([other]);
    expect(referencesOf({ type: 'delete', id: gr })).toEqual([]);
  });
});
