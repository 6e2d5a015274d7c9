import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import {
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  DeleteRouteCommand,
  DescribeRouteCommand,
  ListRoutesCommand,
  NotFoundException,
  UpdateRouteCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { cloudMapNodeSpec, grpcRouteSpec, httpRouteSpec, tcpRouteSpec, virtualNodeSpec, virtualRouterSpec } from '../support/fixtures.js';
import { apiInstanceRuns, appMeshClient, startTestStack } from '../support/stack.js';
import { account, arnPrefix, expectCreated, expectDeleted, expectUpdated, tick } from './metadata.js';

const mesh = 'routes';
const router = 'orders';
const names = { meshName: mesh, virtualRouterName: router };

describe.each(apiInstanceRuns)('routes through the AWS SDK, on $on', ({ apiInstances }) => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('routes', { apiInstances });
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'orders-v1', spec: virtualNodeSpec('v1.orders.local') }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'orders-v2', spec: virtualNodeSpec('v2.orders.local') }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'orders-grpc', spec: cloudMapNodeSpec }));
    await client.send(new CreateVirtualRouterCommand({ ...names, spec: virtualRouterSpec }));
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  const describeRoute = async (routeName: string) => (await client.send(new DescribeRouteCommand({ ...names, routeName }))).route;

  it('keeps an HTTP route with header, query, method and path matches, retries and timeouts', async () => {
    const spec = httpRouteSpec(['orders-v1', 'orders-v2']);
    const created = await client.send(new CreateRouteCommand({ ...names, routeName: 'checkout', spec }));
    const first = expectCreated(created.route, `${arnPrefix}/${mesh}/virtualRouter/${router}/route/checkout`);
    expect(created.route).toMatchObject({ meshName: mesh, virtualRouterName: router, routeName: 'checkout' });
    expect(created.route?.spec).toEqual(spec);
    expect(await describeRoute('checkout')).toEqual(created.route);

    await tick();
    const shifted = httpRouteSpec(['orders-v1', 'orders-v2'], [50, 50]);
    expectUpdated((await client.send(new UpdateRouteCommand({ ...names, routeName: 'checkout', spec: shifted }))).route, first);
    expect((await describeRoute('checkout'))?.spec).toEqual(shifted);
  });

  it('keeps a gRPC route with metadata matches and gRPC retry events', async () => {
    const spec = grpcRouteSpec('orders-grpc');
    const created = await client.send(new CreateRouteCommand({ ...names, routeName: 'place-order', spec }));
    expectCreated(created.route, `${arnPrefix}/${mesh}/virtualRouter/${router}/route/place-order`);
    expect((await describeRoute('place-order'))?.spec).toEqual(spec);
  });

  it('keeps a TCP route with its idle timeout', async () => {
    const spec = tcpRouteSpec('orders-v1');
    await client.send(new CreateRouteCommand({ ...names, routeName: 'raw', spec }));
    expect((await describeRoute('raw'))?.spec).toEqual(spec);
  });

  it('keeps an HTTP/2 route and lets an update switch it to a prefix match', async () => {
    const http2: RouteSpec = { http2Route: { match: { prefix: '/api/', headers: [{ name: 'x-b', match: { suffix: 'z' } }] }, action: { weightedTargets: [{ virtualNode: 'orders-v2', weight: 3 }] } } };
    const created = await client.send(new CreateRouteCommand({ ...names, routeName: 'h2', spec: http2 }));
    expect((await describeRoute('h2'))?.spec).toEqual(http2);
    await tick();
    const grpc = grpcRouteSpec('orders-grpc');
    expectUpdated((await client.send(new UpdateRouteCommand({ ...names, routeName: 'h2', spec: grpc }))).route, created.route?.metadata);
    expect((await describeRoute('h2'))?.spec).toEqual(grpc);
  });

  it('lists the routes of a router in name order with App Mesh refs', async () => {
    const listed = await client.send(new ListRoutesCommand(names));
    expect(listed.routes?.map((r) => r.routeName)).toEqual(['checkout', 'h2', 'place-order', 'raw']);
    expect(listed.routes?.[0]).toEqual({
      meshName: mesh,
      virtualRouterName: router,
      routeName: 'checkout',
      arn: `${arnPrefix}/${mesh}/virtualRouter/${router}/route/checkout`,
      createdAt: expect.any(Date),
      lastUpdatedAt: expect.any(Date),
      meshOwner: account,
      resourceOwner: account,
      version: 2,
    });
  });

  it('answers a route delete with status DELETED and then NotFoundException', async () => {
    const before = (await describeRoute('raw'))?.metadata;
    const deleted = await client.send(new DeleteRouteCommand({ ...names, routeName: 'raw' }));
    expectDeleted(deleted.route, before);
    expect(deleted.route?.spec).toEqual(tcpRouteSpec('orders-v1'));
    await expect(describeRoute('raw')).rejects.toBeInstanceOf(NotFoundException);
    expect((await client.send(new ListRoutesCommand(names))).routes?.map((r) => r.routeName)).not.toContain('raw');
  });
});
