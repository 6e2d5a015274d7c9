import {
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteVirtualNodeCommand,
  DescribeVirtualNodeCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { httpGatewayRouteSpec, minimalNodeSpec, nodeProvided, prefixRouteSpec, virtualGatewaySpec, virtualRouterSpec } from '../support/fixtures.js';
import { apiInstanceRuns, appMeshClient, startTestStack } from '../support/stack.js';
import { meshEvents } from './eventLog.js';
import { expectApiError } from './expectApiError.js';
import { arnPrefix } from './metadata.js';

const mesh = 'tags';
const nodeArn = `${arnPrefix}/${mesh}/virtualNode/web`;
const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ key: `t${String(from + i).padStart(2, '0')}`, value: `${from + i}` }));

describe.each(apiInstanceRuns)('TagResource, UntagResource and ListTagsForResource through the AWS SDK, on $on', ({ apiInstances }) => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('tags', { apiInstances });
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh, tags: [{ key: 'owner', value: 'platform' }] }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'web', spec: minimalNodeSpec, tags: [{ key: 'team', value: 'web' }] }));
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  const tagsOf = async (resourceArn: string) => (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

  it('lists the tags given at create', async () => {
    expect(await tagsOf(`${arnPrefix}/${mesh}`)).toEqual([{ key: 'owner', value: 'platform' }]);
    expect(await tagsOf(nodeArn)).toEqual([{ key: 'team', value: 'web' }]);
  });

  it('adds tags, overwrites the value of a key already there, and removes keys', async () => {
    await client.send(new TagResourceCommand({ resourceArn: nodeArn, tags: [{ key: 'team', value: 'storefront' }, { key: 'env', value: 'prod' }, { key: 'empty', value: '' }] }));
    expect(await tagsOf(nodeArn)).toEqual([
      { key: 'empty', value: '' },
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'storefront' },
    ]);
    await client.send(new UntagResourceCommand({ resourceArn: nodeArn, tagKeys: ['env', 'never-there'] }));
    expect(await tagsOf(nodeArn)).toEqual([
      { key: 'empty', value: '' },
      { key: 'team', value: 'storefront' },
    ]);
  });

  it('leaves the resource version and spec alone, and logs Tagged and Untagged events', async () => {
    const node = (await client.send(new DescribeVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'web' }))).virtualNode;
    expect(node?.metadata?.version).toBe(1);
    expect(node?.spec).toEqual(minimalNodeSpec);
    const types = (await meshEvents(stack, mesh)).map((e) => e.type);
    expect(types).toEqual(['MeshCreated', 'VirtualNodeCreated', 'VirtualNodeTagged', 'VirtualNodeUntagged']);
  });

  it('tags every kind of resource by its ARN', async () => {
    await client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'front', spec: virtualRouterSpec }));
    await client.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'front', routeName: 'all', spec: prefixRouteSpec('web') }));
    await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'web.local', spec: nodeProvided('web') }));
    await client.send(new CreateVirtualGatewayCommand({ meshName: mesh, virtualGatewayName: 'in', spec: virtualGatewaySpec }));
    await client.send(new CreateGatewayRouteCommand({ meshName: mesh, virtualGatewayName: 'in', gatewayRouteName: 'web', spec: httpGatewayRouteSpec('web.local') }));
    const arns = [
      `${arnPrefix}/${mesh}`,
      nodeArn,
      `${arnPrefix}/${mesh}/virtualRouter/front`,
      `${arnPrefix}/${mesh}/virtualRouter/front/route/all`,
      `${arnPrefix}/${mesh}/virtualService/web.local`,
      `${arnPrefix}/${mesh}/virtualGateway/in`,
      `${arnPrefix}/${mesh}/virtualGateway/in/gatewayRoute/web`,
    ];
    for (const resourceArn of arns) {
      await client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'cost-center', value: '42' }] }));
      expect(await tagsOf(resourceArn)).toContainEqual({ key: 'cost-center', value: '42' });
    }
    const tagged = (await meshEvents(stack, mesh)).filter((e) => e.type.endsWith('Tagged')).slice(-7);
    expect(tagged.map((e) => e.type)).toEqual(['MeshTagged', 'VirtualNodeTagged', 'VirtualRouterTagged', 'RouteTagged', 'VirtualServiceTagged', 'VirtualGatewayTagged', 'GatewayRouteTagged']);
  });

  it('refuses with TooManyTagsException to take a resource over 50 tags, and changes nothing', async () => {
    const resourceArn = `${arnPrefix}/${mesh}/virtualNode/crowded`;
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'crowded', spec: minimalNodeSpec, tags: numbered(0, 48) }));
    const before = (await meshEvents(stack, mesh)).length;
    await expectApiError(client.send(new TagResourceCommand({ resourceArn, tags: numbered(46, 5) })), TooManyTagsException, 400, /tags: .*51 tags; at most 50/);
    expect(await tagsOf(resourceArn)).toHaveLength(48);
    expect((await meshEvents(stack, mesh)).length).toBe(before);
    // Overwriting keys already there does not count against the limit.
    await client.send(new TagResourceCommand({ resourceArn, tags: numbered(46, 4) }));
    expect(await tagsOf(resourceArn)).toHaveLength(50);
  });

  it('answers tag operations on a deleted resource with NotFoundException', async () => {
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'gone', spec: minimalNodeSpec }));
    await client.send(new DeleteVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'gone' }));
    const resourceArn = `${arnPrefix}/${mesh}/virtualNode/gone`;
    await expectApiError(client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: 'b' }] })), NotFoundException, 404);
    await expectApiError(client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] })), NotFoundException, 404);
    await expectApiError(client.send(new ListTagsForResourceCommand({ resourceArn })), NotFoundException, 404, /resourceArn/);
  });
});
