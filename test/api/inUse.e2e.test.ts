import {
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteMeshCommand,
  DeleteRouteCommand,
  DeleteVirtualGatewayCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DeleteVirtualServiceCommand,
  DescribeMeshCommand,
  DescribeVirtualNodeCommand,
  NotFoundException,
  ResourceInUseException,
  UpdateRouteCommand,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { httpGatewayRouteSpec, minimalNodeSpec, nodeProvided, prefixRouteSpec, routerProvided, virtualGatewaySpec, virtualRouterSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { expectApiError } from './expectApiError.js';

describe('ResourceInUseException (409) through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('in-use');
    client = appMeshClient(stack);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  /** A mesh with a node, a router with a route to it, a service on each, and a gateway routing to one of them. */
  async function buildMesh(meshName: string): Promise<void> {
    await client.send(new CreateMeshCommand({ meshName }));
    await client.send(new CreateVirtualNodeCommand({ meshName, virtualNodeName: 'web', spec: minimalNodeSpec }));
    await client.send(new CreateVirtualNodeCommand({ meshName, virtualNodeName: 'api', spec: minimalNodeSpec }));
    await client.send(new CreateVirtualRouterCommand({ meshName, virtualRouterName: 'front', spec: virtualRouterSpec }));
    await client.send(new CreateRouteCommand({ meshName, virtualRouterName: 'front', routeName: 'all', spec: prefixRouteSpec('web') }));
    await client.send(new CreateVirtualServiceCommand({ meshName, virtualServiceName: 'front.local', spec: routerProvided('front') }));
    await client.send(new CreateVirtualServiceCommand({ meshName, virtualServiceName: 'api.local', spec: nodeProvided('api') }));
    await client.send(new CreateVirtualGatewayCommand({ meshName, virtualGatewayName: 'ingress', spec: virtualGatewaySpec }));
    await client.send(new CreateGatewayRouteCommand({ meshName, virtualGatewayName: 'ingress', gatewayRouteName: 'to-front', spec: httpGatewayRouteSpec('front.local') }));
  }

  it('refuses to delete a mesh that still has resources', async () => {
    await buildMesh('busy');
    await expectApiError(client.send(new DeleteMeshCommand({ meshName: 'busy' })), ResourceInUseException, 409, /mesh 'busy'/);
    expect((await client.send(new DescribeMeshCommand({ meshName: 'busy' }))).mesh?.status?.status).toBe('ACTIVE');
  });

  it('refuses to delete a virtual router that has routes', async () => {
    await buildMesh('router-routes');
    // Only the route is left holding the router.
    await client.send(new DeleteGatewayRouteCommand({ meshName: 'router-routes', virtualGatewayName: 'ingress', gatewayRouteName: 'to-front' }));
    await client.send(new DeleteVirtualServiceCommand({ meshName: 'router-routes', virtualServiceName: 'front.local' }));
    await expectApiError(client.send(new DeleteVirtualRouterCommand({ meshName: 'router-routes', virtualRouterName: 'front' })), ResourceInUseException, 409, /route 'all'/);
  });

  it('refuses to delete a virtual router that provides a virtual service', async () => {
    await buildMesh('router-provider');
    await client.send(new DeleteRouteCommand({ meshName: 'router-provider', virtualRouterName: 'front', routeName: 'all' }));
    await expectApiError(
      client.send(new DeleteVirtualRouterCommand({ meshName: 'router-provider', virtualRouterName: 'front' })),
      ResourceInUseException,
      409,
      /virtual service 'front\.local'/,
    );
  });

  it('refuses to delete a virtual node that provides a virtual service', async () => {
    await buildMesh('node-provider');
    await expectApiError(client.send(new DeleteVirtualNodeCommand({ meshName: 'node-provider', virtualNodeName: 'api' })), ResourceInUseException, 409, /virtual service 'api\.local'/);
    expect((await client.send(new DescribeVirtualNodeCommand({ meshName: 'node-provider', virtualNodeName: 'api' }))).virtualNode?.status?.status).toBe('ACTIVE');
  });

  it('refuses to delete a virtual node that a route targets, until the route moves away', async () => {
    await buildMesh('node-target');
    await expectApiError(client.send(new DeleteVirtualNodeCommand({ meshName: 'node-target', virtualNodeName: 'web' })), ResourceInUseException, 409, /route 'all'/);
    await client.send(new UpdateRouteCommand({ meshName: 'node-target', virtualRouterName: 'front', routeName: 'all', spec: prefixRouteSpec('api') }));
    const deleted = await client.send(new DeleteVirtualNodeCommand({ meshName: 'node-target', virtualNodeName: 'web' }));
    expect(deleted.virtualNode?.status?.status).toBe('DELETED');
  });

  it('refuses to delete a virtual gateway that has gateway routes', async () => {
    await buildMesh('gateway-routes');
    await expectApiError(
      client.send(new DeleteVirtualGatewayCommand({ meshName: 'gateway-routes', virtualGatewayName: 'ingress' })),
      ResourceInUseException,
      409,
      /gateway route 'to-front'/,
    );
  });

  it('refuses to delete a virtual service that a gateway route targets', async () => {
    await buildMesh('service-target');
    await expectApiError(
      client.send(new DeleteVirtualServiceCommand({ meshName: 'service-target', virtualServiceName: 'front.local' })),
      ResourceInUseException,
      409,
      /gateway route 'to-front'/,
    );
  });

  it('lets a mesh be deleted once its resources are gone, children first', async () => {
    const meshName = 'teardown';
    await buildMesh(meshName);
    await client.send(new DeleteGatewayRouteCommand({ meshName, virtualGatewayName: 'ingress', gatewayRouteName: 'to-front' }));
    await client.send(new DeleteVirtualGatewayCommand({ meshName, virtualGatewayName: 'ingress' }));
    // A provider switch releases the old provider at once.
    await client.send(new UpdateVirtualServiceCommand({ meshName, virtualServiceName: 'front.local', spec: nodeProvided('api') }));
    await client.send(new DeleteRouteCommand({ meshName, virtualRouterName: 'front', routeName: 'all' }));
    await client.send(new DeleteVirtualRouterCommand({ meshName, virtualRouterName: 'front' }));
    await client.send(new DeleteVirtualNodeCommand({ meshName, virtualNodeName: 'web' }));
    for (const virtualServiceName of ['front.local', 'api.local']) await client.send(new DeleteVirtualServiceCommand({ meshName, virtualServiceName }));
    await client.send(new DeleteVirtualNodeCommand({ meshName, virtualNodeName: 'api' }));
    expect((await client.send(new DeleteMeshCommand({ meshName }))).mesh?.status?.status).toBe('DELETED');
    await expect(client.send(new DescribeMeshCommand({ meshName }))).rejects.toBeInstanceOf(NotFoundException);
  });
});
