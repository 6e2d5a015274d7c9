import {
  ConflictException,
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteRouteCommand,
  DeleteVirtualNodeCommand,
  DescribeGatewayRouteCommand,
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  ListRoutesCommand,
  ListTagsForResourceCommand,
  ListVirtualNodesCommand,
  NotFoundException,
  TagResourceCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { httpGatewayRouteSpec, minimalNodeSpec, nodeProvided, prefixRouteSpec, routerProvided, virtualGatewaySpec, virtualRouterSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { expectApiError } from './expectApiError.js';
import { arnPrefix } from './metadata.js';

const mesh = 'errors';

describe('App Mesh error types through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('errors');
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'web', spec: minimalNodeSpec }));
    await client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'web', spec: virtualRouterSpec }));
    await client.send(new CreateVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'ingress', spec: virtualGatewaySpec }));
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  describe('NotFoundException (404)', () => {
    it('names a missing mesh on describe, create, list and update', async () => {
      await expectApiError(client.send(new DescribeMeshCommand({ meshName: 'ghost' })), NotFoundException, 404, /mesh 'ghost'/i);
      await expectApiError(client.send(new CreateVirtualNodeCommand({ meshName: 'ghost', virtualNodeName: 'web', spec: minimalNodeSpec })), NotFoundException, 404, /mesh 'ghost'/i);
      await expectApiError(client.send(new ListVirtualNodesCommand({ meshName: 'ghost' })), NotFoundException, 404, /mesh 'ghost'/i);
      await expectApiError(client.send(new DescribeVirtualNodeCommand({ meshName: 'ghost', virtualNodeName: 'web' })), NotFoundException, 404, /mesh 'ghost'/i);
    });

    it('names a missing virtual node on describe, update and delete', async () => {
      await expectApiError(client.send(new DescribeVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'nobody' })), NotFoundException, 404, /virtual node 'nobody'/i);
      await expectApiError(client.send(new UpdateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'nobody', spec: minimalNodeSpec })), NotFoundException, 404, /virtual node 'nobody'/i);
      await expectApiError(client.send(new DeleteVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'nobody' })), NotFoundException, 404, /virtual node 'nobody'/i);
    });

    it('names the missing router of a route', async () => {
      const route = { meshName: mesh, virtualRouterName: 'no-router', routeName: 'r' };
      await expectApiError(client.send(new CreateRouteCommand({ ...route, spec: prefixRouteSpec('web') })), NotFoundException, 404, /virtual router 'no-router'/i);
      await expectApiError(client.send(new DescribeRouteCommand(route)), NotFoundException, 404, /virtual router 'no-router'/i);
      await expectApiError(client.send(new ListRoutesCommand({ meshName: mesh, virtualRouterName: 'no-router' })), NotFoundException, 404, /virtual router 'no-router'/i);
      await expectApiError(client.send(new DeleteRouteCommand(route)), NotFoundException, 404, /virtual router 'no-router'/i);
    });

    it('names the missing gateway of a gateway route', async () => {
      const route = { meshName: mesh, virtualGatewayName: 'no-gateway', gatewayRouteName: 'g' };
      await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'nf.demo.local', spec: {} }));
      await expectApiError(client.send(new CreateGatewayRouteCommand({ ...route, spec: httpGatewayRouteSpec('nf.demo.local') })), NotFoundException, 404, /virtual gateway 'no-gateway'/i);
      await expectApiError(client.send(new DescribeGatewayRouteCommand(route)), NotFoundException, 404, /virtual gateway 'no-gateway'/i);
    });

    it('names the provider field when a virtual service points at a missing node or router', async () => {
      await expectApiError(
        client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'a.demo.local', spec: nodeProvided('missing-node') })),
        NotFoundException,
        404,
        /spec\.provider\.virtualNode\.virtualNodeName: virtual node 'missing-node'/,
      );
      await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'b.demo.local', spec: nodeProvided('web') }));
      await expectApiError(
        client.send(new UpdateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'b.demo.local', spec: routerProvided('missing-router') })),
        NotFoundException,
        404,
        /spec\.provider\.virtualRouter\.virtualRouterName: virtual router 'missing-router'/,
      );
    });

    it('names the weighted target whose node is missing', async () => {
      const spec = { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'web', weight: 50 }, { virtualNode: 'web-v9', weight: 50 }] } } };
      await expectApiError(
        client.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'web', routeName: 'split', spec })),
        NotFoundException,
        404,
        /spec\.httpRoute\.action\.weightedTargets\[1\]\.virtualNode: virtual node 'web-v9'/,
      );
    });

    it('names the gateway route target whose virtual service is missing', async () => {
      await expectApiError(
        client.send(new CreateGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'ingress', gatewayRouteName: 'g', spec: httpGatewayRouteSpec('nowhere.demo.local') })),
        NotFoundException,
        404,
        /spec\.httpRoute\.action\.target\.virtualService\.virtualServiceName: virtual service 'nowhere\.demo\.local'/,
      );
    });

    it('answers tag operations on an ARN that is not a resource here', async () => {
      const missing = `${arnPrefix}/${mesh}/virtualNode/nobody`;
      await expectApiError(client.send(new ListTagsForResourceCommand({ resourceArn: missing })), NotFoundException, 404, /resourceArn/);
      await expectApiError(client.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'a', value: 'b' }] })), NotFoundException, 404, /virtual node 'nobody'/i);
      const otherAccount = `arn:aws:appmesh:us-east-1:111111111111:mesh/${mesh}`;
      await expectApiError(client.send(new ListTagsForResourceCommand({ resourceArn: otherAccount })), NotFoundException, 404, /resourceArn/);
    });

    it('answers a mesh owner other than this account', async () => {
      await expectApiError(client.send(new DescribeMeshCommand({ meshName: mesh, meshOwner: '111111111111' })), NotFoundException, 404, /meshOwner/);
    });
  });

  describe('ConflictException (409)', () => {
    it('refuses to create a resource whose name is taken, for every kind', async () => {
      await expectApiError(client.send(new CreateMeshCommand({ meshName: mesh })), ConflictException, 409, /mesh 'errors' already exists/i);
      await expectApiError(client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'web', spec: minimalNodeSpec })), ConflictException, 409, /virtual node 'web'/i);
      await expectApiError(client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'web', spec: virtualRouterSpec })), ConflictException, 409, /virtual router 'web'/i);
      await expectApiError(client.send(new CreateVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'ingress', spec: virtualGatewaySpec })), ConflictException, 409, /virtual gateway/i);
      await client.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'web', routeName: 'dup', spec: prefixRouteSpec('web') }));
      await expectApiError(client.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'web', routeName: 'dup', spec: prefixRouteSpec('web') })), ConflictException, 409, /route 'dup'/i);
    });

    it('refuses a client token reused for a different request', async () => {
      const clientToken = 'errors-token-1';
      await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'tok', spec: minimalNodeSpec, clientToken }));
      await expectApiError(
        client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'tok-2', spec: minimalNodeSpec, clientToken })),
        ConflictException,
        409,
        /clientToken/,
      );
    });
  });
});
