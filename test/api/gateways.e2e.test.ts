import type { GatewayRouteSpec } from '@aws-sdk/client-app-mesh';
import {
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteVirtualGatewayCommand,
  DescribeGatewayRouteCommand,
  DescribeVirtualGatewayCommand,
  ListGatewayRoutesCommand,
  ListVirtualGatewaysCommand,
  NotFoundException,
  UpdateGatewayRouteCommand,
  UpdateVirtualGatewayCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { grpcGatewayRouteSpec, httpGatewayRouteSpec, minimalNodeSpec, nodeProvided, virtualGatewaySpec } from '../support/fixtures.js';
import { apiInstanceRuns, appMeshClient, startTestStack } from '../support/stack.js';
import { account, arnPrefix, expectCreated, expectDeleted, expectUpdated, tick } from './metadata.js';

const mesh = 'gateways';
const gateway = { meshName: mesh, virtualGatewayName: 'ingress' };

describe.each(apiInstanceRuns)('virtual gateways and gateway routes through the AWS SDK, on $on', ({ apiInstances }) => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('gateways', { apiInstances });
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'shop', spec: minimalNodeSpec }));
    for (const service of ['shop.demo.local', 'api.demo.local']) {
      await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: service, spec: nodeProvided('shop') }));
    }
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  const describeGatewayRoute = async (gatewayRouteName: string) => (await client.send(new DescribeGatewayRouteCommand({ ...gateway, gatewayRouteName }))).gatewayRoute;

  it('keeps a virtual gateway with TLS, health check, pool, logging and backend defaults', async () => {
    const created = await client.send(new CreateVirtualGatewayCommand({ ...gateway, spec: virtualGatewaySpec }));
    const first = expectCreated(created.virtualGateway, `${arnPrefix}/${mesh}/virtualGateway/ingress`);
    expect(created.virtualGateway).toMatchObject(gateway);
    const described = await client.send(new DescribeVirtualGatewayCommand(gateway));
    expect(described.virtualGateway?.spec).toEqual(virtualGatewaySpec);
    expect(described.virtualGateway).toEqual(created.virtualGateway);

    await tick();
    const grpcGateway = { listeners: [{ portMapping: { port: 9090, protocol: 'grpc' as const }, connectionPool: { grpc: { maxRequests: 64 } } }] };
    expectUpdated((await client.send(new UpdateVirtualGatewayCommand({ ...gateway, spec: grpcGateway }))).virtualGateway, first);
    expect((await client.send(new DescribeVirtualGatewayCommand(gateway))).virtualGateway?.spec).toEqual(grpcGateway);
    await client.send(new UpdateVirtualGatewayCommand({ ...gateway, spec: virtualGatewaySpec }));

    const listed = await client.send(new ListVirtualGatewaysCommand({ meshName: mesh }));
    expect(listed.virtualGateways).toEqual([
      { ...gateway, arn: first.arn, createdAt: first.createdAt, lastUpdatedAt: expect.any(Date), meshOwner: account, resourceOwner: account, version: 3 },
    ]);
  });

  it('keeps an HTTP gateway route with hostname match and prefix rewrite', async () => {
    const spec = httpGatewayRouteSpec('shop.demo.local');
    const created = await client.send(new CreateGatewayRouteCommand({ ...gateway, gatewayRouteName: 'shop', spec }));
    const first = expectCreated(created.gatewayRoute, `${arnPrefix}/${mesh}/virtualGateway/ingress/gatewayRoute/shop`);
    expect(created.gatewayRoute).toMatchObject({ ...gateway, gatewayRouteName: 'shop' });
    expect(await describeGatewayRoute('shop')).toEqual(created.gatewayRoute);
    expect((await describeGatewayRoute('shop'))?.spec).toEqual(spec);

    await tick();
    const exactPath: GatewayRouteSpec = {
      httpRoute: {
        match: { path: { exact: '/checkout' }, hostname: { exact: 'shop.example.com' } },
        action: { target: { virtualService: { virtualServiceName: 'api.demo.local' } }, rewrite: { path: { exact: '/v2/checkout' } } },
      },
    };
    expectUpdated((await client.send(new UpdateGatewayRouteCommand({ ...gateway, gatewayRouteName: 'shop', spec: exactPath }))).gatewayRoute, first);
    expect((await describeGatewayRoute('shop'))?.spec).toEqual(exactPath);
  });

  it('keeps gRPC and HTTP/2 gateway routes', async () => {
    const grpc = grpcGatewayRouteSpec('api.demo.local');
    await client.send(new CreateGatewayRouteCommand({ ...gateway, gatewayRouteName: 'api-grpc', spec: grpc }));
    expect((await describeGatewayRoute('api-grpc'))?.spec).toEqual(grpc);

    const http2: GatewayRouteSpec = {
      priority: 0,
      http2Route: {
        match: { prefix: '/', headers: [{ name: 'x-env', invert: true, match: { range: { start: 0, end: 10 } } }] },
        action: { target: { virtualService: { virtualServiceName: 'api.demo.local' } }, rewrite: { prefix: { defaultPrefix: 'DISABLED' } } },
      },
    };
    await client.send(new CreateGatewayRouteCommand({ ...gateway, gatewayRouteName: 'api-h2', spec: http2 }));
    expect((await describeGatewayRoute('api-h2'))?.spec).toEqual(http2);
  });

  it('lists the gateway routes of a gateway in name order', async () => {
    const listed = await client.send(new ListGatewayRoutesCommand(gateway));
    expect(listed.gatewayRoutes?.map((r) => r.gatewayRouteName)).toEqual(['api-grpc', 'api-h2', 'shop']);
    expect(listed.gatewayRoutes?.[2]).toEqual({
      ...gateway,
      gatewayRouteName: 'shop',
      arn: `${arnPrefix}/${mesh}/virtualGateway/ingress/gatewayRoute/shop`,
      createdAt: expect.any(Date),
      lastUpdatedAt: expect.any(Date),
      meshOwner: account,
      resourceOwner: account,
      version: 2,
    });
  });

  it('deletes gateway routes and then the gateway, each answering DELETED', async () => {
    for (const gatewayRouteName of ['api-grpc', 'api-h2', 'shop']) {
      const before = (await describeGatewayRoute(gatewayRouteName))?.metadata;
      expectDeleted((await client.send(new DeleteGatewayRouteCommand({ ...gateway, gatewayRouteName }))).gatewayRoute, before);
      await expect(describeGatewayRoute(gatewayRouteName)).rejects.toBeInstanceOf(NotFoundException);
    }
    const before = (await client.send(new DescribeVirtualGatewayCommand(gateway))).virtualGateway?.metadata;
    const deleted = await client.send(new DeleteVirtualGatewayCommand(gateway));
    expectDeleted(deleted.virtualGateway, before);
    expect(deleted.virtualGateway?.spec).toEqual(virtualGatewaySpec);
    await expect(client.send(new DescribeVirtualGatewayCommand(gateway))).rejects.toBeInstanceOf(NotFoundException);
    expect((await client.send(new ListVirtualGatewaysCommand({ meshName: mesh }))).virtualGateways).toEqual([]);
  });
});
