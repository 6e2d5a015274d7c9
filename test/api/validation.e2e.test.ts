import type { RouteSpec, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import {
  BadRequestException,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  ListMeshesCommand,
  ListTagsForResourceCommand,
  ListVirtualNodesCommand,
  TagResourceCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { minimalNodeSpec, prefixRouteSpec, virtualRouterSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { eventTypes } from './eventLog.js';
import { expectApiError } from './expectApiError.js';
import { arnPrefix } from './metadata.js';

const mesh = 'validation';
const router = { meshName: mesh, virtualRouterName: 'front' };

const targets = (n: number) => Array.from({ length: n }, (_, i) => ({ virtualNode: i === 0 ? 'web' : `web-${i}`, weight: 1 }));
const httpRoute = (match: object, weightedTargets: object[] = [{ virtualNode: 'web', weight: 1 }]) =>
  ({ httpRoute: { match, action: { weightedTargets } } }) as RouteSpec;

describe('BadRequestException (400) for invalid input through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('validation');
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'web', spec: minimalNodeSpec }));
    await client.send(new CreateVirtualRouterCommand({ ...router, spec: virtualRouterSpec }));
    await client.send(new CreateRouteCommand({ ...router, routeName: 'ok', spec: prefixRouteSpec('web') }));
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  const createNode = (virtualNodeName: string, spec: VirtualNodeSpec = minimalNodeSpec) => client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName, spec }));
  const createRoute = (spec: RouteSpec) => client.send(new CreateRouteCommand({ ...router, routeName: 'bad', spec }));

  it('refuses names with characters App Mesh does not allow', async () => {
    await expectApiError(createNode('web node!'), BadRequestException, 400, /virtualNodeName: may contain only/);
    await expectApiError(createNode('a#b'), BadRequestException, 400, /virtualNodeName/);
    await expectApiError(createNode('a/b'), BadRequestException, 400, /virtualNodeName/);
    await expectApiError(client.send(new CreateMeshCommand({ meshName: 'bad mesh' })), BadRequestException, 400, /meshName: may contain only/);
  });

  it('refuses a 256-character name and accepts a 255-character one', async () => {
    await expectApiError(createNode('n'.repeat(256)), BadRequestException, 400, /virtualNodeName: must be at most 255 characters/);
    expect((await createNode('n'.repeat(255))).virtualNode?.virtualNodeName).toHaveLength(255);
  });

  it('refuses weights outside 0..100 and weights that sum to zero', async () => {
    await expectApiError(createRoute(httpRoute({ prefix: '/' }, [{ virtualNode: 'web', weight: 101 }])), BadRequestException, 400, /spec\.httpRoute\.action\.weightedTargets\[0\]\.weight: must be at most 100/);
    await expectApiError(createRoute(httpRoute({ prefix: '/' }, [{ virtualNode: 'web', weight: -1 }])), BadRequestException, 400, /weightedTargets\[0\]\.weight: must be at least 0/);
    await expectApiError(createRoute(httpRoute({ prefix: '/' }, [{ virtualNode: 'web', weight: 0 }])), BadRequestException, 400, /weightedTargets: weights must sum to more than 0/);
  });

  it('refuses 11 weighted targets', async () => {
    await expectApiError(createRoute(httpRoute({ prefix: '/' }, targets(11))), BadRequestException, 400, /spec\.httpRoute\.action\.weightedTargets: must have at most 10 items/);
  });

  it('refuses a route match with neither prefix, path nor port, or a prefix without a leading slash', async () => {
    await expectApiError(createRoute(httpRoute({ method: 'GET' })), BadRequestException, 400, /spec\.httpRoute\.match\.prefix/);
    await expectApiError(createRoute(httpRoute({ prefix: 'orders' })), BadRequestException, 400, /spec\.httpRoute\.match\.prefix: must start with \//);
    await expectApiError(createRoute(httpRoute({ prefix: '/', path: { exact: '/a' } })), BadRequestException, 400, /spec\.httpRoute\.match\.path/);
  });

  it('refuses a route that sets both httpRoute and tcpRoute', async () => {
    const both = { ...prefixRouteSpec('web'), tcpRoute: { action: { weightedTargets: [{ virtualNode: 'web', weight: 1 }] } } };
    await expectApiError(createRoute(both), BadRequestException, 400, /spec\..*httpRoute.*tcpRoute/);
    await expectApiError(client.send(new UpdateRouteCommand({ ...router, routeName: 'ok', spec: both })), BadRequestException, 400, /tcpRoute/);
    await expectApiError(createRoute({}), BadRequestException, 400, /spec: must set one of/);
  });

  it('refuses enum values App Mesh does not define', async () => {
    const udp = { ...minimalNodeSpec, listeners: [{ portMapping: { port: 53, protocol: 'udp' } }] } as unknown as VirtualNodeSpec;
    await expectApiError(createNode('dns', udp), BadRequestException, 400, /spec\.listeners\[0\]\.portMapping\.protocol: must be one of http, tcp, http2, grpc/);
    await expectApiError(createRoute(httpRoute({ prefix: '/', method: 'FETCH' })), BadRequestException, 400, /spec\.httpRoute\.match\.method: must be one of/);
  });

  it('refuses specs that break the model: missing required members, two union members, out-of-range numbers', async () => {
    const noPort = { listeners: [{ portMapping: { protocol: 'http' } }] } as unknown as VirtualNodeSpec;
    await expectApiError(createNode('np', noPort), BadRequestException, 400, /spec\.listeners\[0\]\.portMapping\.port: is required/);
    const twoDiscoveries = { serviceDiscovery: { dns: { hostname: 'a.local' }, awsCloudMap: { namespaceName: 'n', serviceName: 's' } } } as unknown as VirtualNodeSpec;
    await expectApiError(createNode('td', twoDiscoveries), BadRequestException, 400, /spec\.serviceDiscovery: must set exactly one of/);
    const fastHealth = { listeners: [{ portMapping: { port: 80, protocol: 'http' as const }, healthCheck: { protocol: 'http' as const, healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 1000, timeoutMillis: 2000 } }] };
    await expectApiError(createNode('fh', fastHealth), BadRequestException, 400, /spec\.listeners\[0\]\.healthCheck\.intervalMillis: must be at least 5000/);
  });

  it('refuses list limits of 0 and 101', async () => {
    await expectApiError(client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 0 })), BadRequestException, 400, /limit: must be at least 1/);
    await expectApiError(client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 101 })), BadRequestException, 400, /limit: must be at most 100/);
    await expectApiError(client.send(new ListMeshesCommand({ limit: 101 })), BadRequestException, 400, /limit/);
    await expectApiError(client.send(new ListTagsForResourceCommand({ resourceArn: `${arnPrefix}/${mesh}`, limit: 51 })), BadRequestException, 400, /limit: must be at most 50/);
  });

  it('refuses tags with an empty key or a duplicated key', async () => {
    const resourceArn = `${arnPrefix}/${mesh}`;
    await expectApiError(client.send(new TagResourceCommand({ resourceArn, tags: [{ key: '', value: 'x' }] })), BadRequestException, 400, /tags\[0\]\.key/);
    await expectApiError(client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] })), BadRequestException, 400, /tags\[1\]\.key: duplicate tag key/);
  });

  it('appends nothing for any refused request', async () => {
    expect(await eventTypes(stack, mesh)).toEqual(['MeshCreated', 'VirtualNodeCreated', 'VirtualRouterCreated', 'RouteCreated', 'VirtualNodeCreated']);
  });
});
