import {
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteMeshCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DeleteVirtualServiceCommand,
  DescribeMeshCommand,
  DescribeVirtualNodeCommand,
  DescribeVirtualRouterCommand,
  DescribeVirtualServiceCommand,
  ListMeshesCommand,
  ListVirtualNodesCommand,
  ListVirtualRoutersCommand,
  ListVirtualServicesCommand,
  NotFoundException,
  UpdateMeshCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualRouterCommand,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { cloudMapNodeSpec, meshSpec, nodeProvided, routerProvided, virtualNodeSpec, virtualRouterSpec } from '../support/fixtures.js';
import { apiInstanceRuns, appMeshClient, startTestStack } from '../support/stack.js';
import { account, arnPrefix, expectCreated, expectDeleted, expectUpdated, tick } from './metadata.js';

describe.each(apiInstanceRuns)('meshes, virtual nodes, routers and services through the AWS SDK, on $on', ({ apiInstances }) => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('resources', { apiInstances });
    client = appMeshClient(stack);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it('keeps a mesh spec through create, describe, update, list and delete', async () => {
    const created = await client.send(new CreateMeshCommand({ meshName: 'rt-mesh', spec: meshSpec, tags: [{ key: 'team', value: 'core' }] }));
    const first = expectCreated(created.mesh, `${arnPrefix}/rt-mesh`);
    expect(created.mesh?.meshName).toBe('rt-mesh');
    expect(created.mesh?.spec).toEqual(meshSpec);
    expect((await client.send(new DescribeMeshCommand({ meshName: 'rt-mesh' }))).mesh).toEqual(created.mesh);

    await tick();
    const allowAll = { egressFilter: { type: 'ALLOW_ALL' as const }, serviceDiscovery: { ipPreference: 'IPv6_ONLY' as const } };
    const updated = await client.send(new UpdateMeshCommand({ meshName: 'rt-mesh', spec: allowAll }));
    expectUpdated(updated.mesh, first);
    expect((await client.send(new DescribeMeshCommand({ meshName: 'rt-mesh', meshOwner: account }))).mesh?.spec).toEqual(allowAll);

    const listed = await client.send(new ListMeshesCommand({}));
    expect(listed.meshes?.find((m) => m.meshName === 'rt-mesh')).toEqual({
      meshName: 'rt-mesh',
      arn: first.arn,
      createdAt: first.createdAt,
      lastUpdatedAt: updated.mesh?.metadata?.lastUpdatedAt,
      meshOwner: account,
      resourceOwner: account,
      version: 2,
    });

    const deleted = await client.send(new DeleteMeshCommand({ meshName: 'rt-mesh' }));
    expectDeleted(deleted.mesh, first);
    await expect(client.send(new DescribeMeshCommand({ meshName: 'rt-mesh' }))).rejects.toBeInstanceOf(NotFoundException);
    expect((await client.send(new ListMeshesCommand({}))).meshes?.map((m) => m.meshName)).not.toContain('rt-mesh');
  });

  it('keeps a virtual node spec with every listener feature, and a Cloud Map one after update', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'rt-node' }));
    const spec = virtualNodeSpec();
    const created = await client.send(new CreateVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web', spec }));
    const first = expectCreated(created.virtualNode, `${arnPrefix}/rt-node/virtualNode/web`);
    expect(created.virtualNode).toMatchObject({ meshName: 'rt-node', virtualNodeName: 'web' });
    const described = await client.send(new DescribeVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web' }));
    expect(described.virtualNode?.spec).toEqual(spec);
    expect(described.virtualNode).toEqual(created.virtualNode);

    await tick();
    const updated = await client.send(new UpdateVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web', spec: cloudMapNodeSpec }));
    expectUpdated(updated.virtualNode, first);
    expect((await client.send(new DescribeVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web' }))).virtualNode?.spec).toEqual(cloudMapNodeSpec);

    await tick();
    const again = await client.send(new UpdateVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web', spec }));
    expect(again.virtualNode?.metadata).toMatchObject({ version: 3, uid: first.uid, createdAt: first.createdAt });

    const listed = await client.send(new ListVirtualNodesCommand({ meshName: 'rt-node' }));
    expect(listed.virtualNodes).toEqual([
      {
        meshName: 'rt-node',
        virtualNodeName: 'web',
        arn: first.arn,
        createdAt: first.createdAt,
        lastUpdatedAt: again.virtualNode?.metadata?.lastUpdatedAt,
        meshOwner: account,
        resourceOwner: account,
        version: 3,
      },
    ]);
    expect(listed.nextToken).toBeUndefined();

    expectDeleted((await client.send(new DeleteVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web' }))).virtualNode, first);
    await expect(client.send(new DescribeVirtualNodeCommand({ meshName: 'rt-node', virtualNodeName: 'web' }))).rejects.toBeInstanceOf(NotFoundException);
    expect((await client.send(new ListVirtualNodesCommand({ meshName: 'rt-node' }))).virtualNodes).toEqual([]);
  });

  it('keeps a virtual router spec through create, update and delete', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'rt-router' }));
    const created = await client.send(new CreateVirtualRouterCommand({ meshName: 'rt-router', virtualRouterName: 'edge', spec: virtualRouterSpec }));
    const first = expectCreated(created.virtualRouter, `${arnPrefix}/rt-router/virtualRouter/edge`);
    const described = await client.send(new DescribeVirtualRouterCommand({ meshName: 'rt-router', virtualRouterName: 'edge' }));
    expect(described.virtualRouter?.spec).toEqual(virtualRouterSpec);

    await tick();
    const tcpOnly = { listeners: [{ portMapping: { port: 9000, protocol: 'tcp' as const } }] };
    const updated = await client.send(new UpdateVirtualRouterCommand({ meshName: 'rt-router', virtualRouterName: 'edge', spec: tcpOnly }));
    expectUpdated(updated.virtualRouter, first);
    expect((await client.send(new DescribeVirtualRouterCommand({ meshName: 'rt-router', virtualRouterName: 'edge' }))).virtualRouter?.spec).toEqual(tcpOnly);

    const listed = await client.send(new ListVirtualRoutersCommand({ meshName: 'rt-router' }));
    expect(listed.virtualRouters?.map((r) => [r.virtualRouterName, r.arn, r.version])).toEqual([['edge', first.arn, 2]]);

    expectDeleted((await client.send(new DeleteVirtualRouterCommand({ meshName: 'rt-router', virtualRouterName: 'edge' }))).virtualRouter, first);
    await expect(client.send(new DescribeVirtualRouterCommand({ meshName: 'rt-router', virtualRouterName: 'edge' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('keeps a virtual service provider through create, a switch from node to router, and delete', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'rt-service' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'rt-service', virtualNodeName: 'orders-v1', spec: virtualNodeSpec('orders.demo.local') }));
    await client.send(new CreateVirtualRouterCommand({ meshName: 'rt-service', virtualRouterName: 'orders', spec: virtualRouterSpec }));

    const name = 'orders.demo.local';
    const created = await client.send(new CreateVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: name, spec: nodeProvided('orders-v1') }));
    const first = expectCreated(created.virtualService, `${arnPrefix}/rt-service/virtualService/${name}`);
    const described = await client.send(new DescribeVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: name }));
    expect(described.virtualService?.spec).toEqual(nodeProvided('orders-v1'));

    await tick();
    const updated = await client.send(new UpdateVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: name, spec: routerProvided('orders') }));
    expectUpdated(updated.virtualService, first);
    expect((await client.send(new DescribeVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: name }))).virtualService?.spec).toEqual(
      routerProvided('orders'),
    );

    // A service with no provider yet is allowed, as in App Mesh.
    await client.send(new CreateVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: 'later.demo.local', spec: {} }));
    const listed = await client.send(new ListVirtualServicesCommand({ meshName: 'rt-service' }));
    expect(listed.virtualServices?.map((s) => s.virtualServiceName)).toEqual(['later.demo.local', name]);

    expectDeleted((await client.send(new DeleteVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: name }))).virtualService, first);
    await expect(client.send(new DescribeVirtualServiceCommand({ meshName: 'rt-service', virtualServiceName: name }))).rejects.toBeInstanceOf(NotFoundException);
    // With the service gone, nothing holds the node or the router any more.
    await client.send(new DeleteVirtualNodeCommand({ meshName: 'rt-service', virtualNodeName: 'orders-v1' }));
    await client.send(new DeleteVirtualRouterCommand({ meshName: 'rt-service', virtualRouterName: 'orders' }));
  });
});
