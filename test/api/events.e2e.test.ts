import type { ResourceMetadata } from '@aws-sdk/client-app-mesh';
import * as sdk from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import * as fx from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { meshEvents } from './eventLog.js';
import { arnPrefix } from './metadata.js';

type Data = { metadata?: ResourceMetadata; spec?: unknown; status?: { status?: string } };
type Output = { readonly $metadata: { readonly requestId?: string } };

describe("the mesh's event log (GET /v1/meshes/{mesh}/events)", () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('events');
    client = appMeshClient(stack);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  /** Runs one mutation and checks it appended exactly one event carrying the resource it answered with. */
  async function expectOneEvent(mesh: string, type: string, call: () => Promise<Output>, member?: string): Promise<void> {
    const before = await meshEvents(stack, mesh).catch(() => []);
    const output = await call();
    const after = await meshEvents(stack, mesh);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    const event = after[after.length - 1];
    expect(event).toMatchObject({ version: before.length + 1, type, actor: 'local', requestId: output.$metadata.requestId });
    expect(Date.parse(event?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    if (!member) return;
    const data = (output as unknown as Record<string, Data>)[member];
    expect(event?.resource.metadata).toMatchObject({ arn: data?.metadata?.arn, uid: data?.metadata?.uid, version: data?.metadata?.version });
    expect(event?.resource.metadata.lastUpdatedAt).toBe((data?.metadata?.lastUpdatedAt?.getTime() ?? 0) / 1000);
    expect(event?.resource.spec).toEqual(data?.spec);
    expect(event?.resource.status.status).toBe(data?.status?.status);
  }

  it('appends exactly one event per mutation, with its type and the full resource', async () => {
    const m = 'ev-all';
    const r = { meshName: m, virtualRouterName: 'front' };
    const g = { meshName: m, virtualGatewayName: 'in' };
    const node = `${arnPrefix}/${m}/virtualNode/web`;
    await expectOneEvent(m, 'MeshCreated', () => client.send(new sdk.CreateMeshCommand({ meshName: m, spec: fx.meshSpec })), 'mesh');
    await expectOneEvent(m, 'MeshUpdated', () => client.send(new sdk.UpdateMeshCommand({ meshName: m, spec: {} })), 'mesh');
    await expectOneEvent(m, 'VirtualNodeCreated', () => client.send(new sdk.CreateVirtualNodeCommand({ meshName: m, virtualNodeName: 'web', spec: fx.virtualNodeSpec() })), 'virtualNode');
    await expectOneEvent(m, 'VirtualNodeUpdated', () => client.send(new sdk.UpdateVirtualNodeCommand({ meshName: m, virtualNodeName: 'web', spec: fx.cloudMapNodeSpec })), 'virtualNode');
    await expectOneEvent(m, 'VirtualRouterCreated', () => client.send(new sdk.CreateVirtualRouterCommand({ ...r, spec: fx.virtualRouterSpec })), 'virtualRouter');
    await expectOneEvent(m, 'VirtualRouterUpdated', () => client.send(new sdk.UpdateVirtualRouterCommand({ ...r, spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] } })), 'virtualRouter');
    await expectOneEvent(m, 'RouteCreated', () => client.send(new sdk.CreateRouteCommand({ ...r, routeName: 'all', spec: fx.prefixRouteSpec('web') })), 'route');
    await expectOneEvent(m, 'RouteUpdated', () => client.send(new sdk.UpdateRouteCommand({ ...r, routeName: 'all', spec: fx.grpcRouteSpec('web') })), 'route');
    await expectOneEvent(m, 'VirtualServiceCreated', () => client.send(new sdk.CreateVirtualServiceCommand({ meshName: m, virtualServiceName: 'web.local', spec: fx.nodeProvided('web') })), 'virtualService');
    await expectOneEvent(m, 'VirtualServiceUpdated', () => client.send(new sdk.UpdateVirtualServiceCommand({ meshName: m, virtualServiceName: 'web.local', spec: fx.routerProvided('front') })), 'virtualService');
    await expectOneEvent(m, 'VirtualGatewayCreated', () => client.send(new sdk.CreateVirtualGatewayCommand({ ...g, spec: fx.virtualGatewaySpec })), 'virtualGateway');
    await expectOneEvent(m, 'VirtualGatewayUpdated', () => client.send(new sdk.UpdateVirtualGatewayCommand({ ...g, spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] } })), 'virtualGateway');
    await expectOneEvent(m, 'GatewayRouteCreated', () => client.send(new sdk.CreateGatewayRouteCommand({ ...g, gatewayRouteName: 'web', spec: fx.httpGatewayRouteSpec('web.local') })), 'gatewayRoute');
    await expectOneEvent(m, 'GatewayRouteUpdated', () => client.send(new sdk.UpdateGatewayRouteCommand({ ...g, gatewayRouteName: 'web', spec: fx.grpcGatewayRouteSpec('web.local') })), 'gatewayRoute');
    await expectOneEvent(m, 'VirtualNodeTagged', () => client.send(new sdk.TagResourceCommand({ resourceArn: node, tags: [{ key: 'a', value: '1' }] })));
    await expectOneEvent(m, 'VirtualNodeUntagged', () => client.send(new sdk.UntagResourceCommand({ resourceArn: node, tagKeys: ['a'] })));
    await expectOneEvent(m, 'GatewayRouteDeleted', () => client.send(new sdk.DeleteGatewayRouteCommand({ ...g, gatewayRouteName: 'web' })), 'gatewayRoute');
    await expectOneEvent(m, 'VirtualGatewayDeleted', () => client.send(new sdk.DeleteVirtualGatewayCommand(g)), 'virtualGateway');
    await expectOneEvent(m, 'VirtualServiceDeleted', () => client.send(new sdk.DeleteVirtualServiceCommand({ meshName: m, virtualServiceName: 'web.local' })), 'virtualService');
    await expectOneEvent(m, 'RouteDeleted', () => client.send(new sdk.DeleteRouteCommand({ ...r, routeName: 'all' })), 'route');
    await expectOneEvent(m, 'VirtualRouterDeleted', () => client.send(new sdk.DeleteVirtualRouterCommand(r)), 'virtualRouter');
    await expectOneEvent(m, 'VirtualNodeDeleted', () => client.send(new sdk.DeleteVirtualNodeCommand({ meshName: m, virtualNodeName: 'web' })), 'virtualNode');
    const events = await meshEvents(stack, m);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type.endsWith('Deleted')).every((e) => e.resource.status.status === 'DELETED')).toBe(true);
  });

  it('appends nothing for reads or for refused commands', async () => {
    const m = 'ev-refused';
    await client.send(new sdk.CreateMeshCommand({ meshName: m }));
    await client.send(new sdk.CreateVirtualNodeCommand({ meshName: m, virtualNodeName: 'web', spec: fx.minimalNodeSpec }));
    await client.send(new sdk.CreateVirtualServiceCommand({ meshName: m, virtualServiceName: 'web.local', spec: fx.nodeProvided('web') }));
    const before = await meshEvents(stack, m);
    const refused = [
      client.send(new sdk.CreateVirtualNodeCommand({ meshName: m, virtualNodeName: 'web', spec: fx.minimalNodeSpec })),
      client.send(new sdk.CreateVirtualNodeCommand({ meshName: m, virtualNodeName: 'bad name', spec: fx.minimalNodeSpec })),
      client.send(new sdk.CreateRouteCommand({ meshName: m, virtualRouterName: 'nope', routeName: 'r', spec: fx.prefixRouteSpec('web') })),
      client.send(new sdk.CreateVirtualServiceCommand({ meshName: m, virtualServiceName: 'x.local', spec: fx.nodeProvided('ghost') })),
      client.send(new sdk.DeleteVirtualNodeCommand({ meshName: m, virtualNodeName: 'web' })),
      client.send(new sdk.DeleteMeshCommand({ meshName: m })),
      client.send(new sdk.UpdateVirtualNodeCommand({ meshName: m, virtualNodeName: 'ghost', spec: fx.minimalNodeSpec })),
      client.send(new sdk.TagResourceCommand({ resourceArn: `${arnPrefix}/${m}`, tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' })) })).then(() =>
        client.send(new sdk.TagResourceCommand({ resourceArn: `${arnPrefix}/${m}`, tags: [{ key: 'one-too-many', value: '' }] })),
      ),
    ];
    const outcomes = await Promise.allSettled(refused);
    expect(outcomes.map((o) => o.status)).toEqual(Array(refused.length).fill('rejected'));
    await client.send(new sdk.DescribeVirtualNodeCommand({ meshName: m, virtualNodeName: 'web' }));
    await client.send(new sdk.ListVirtualNodesCommand({ meshName: m }));
    // The 50-tag TagResource that succeeded is the one event expected.
    expect((await meshEvents(stack, m)).map((e) => e.type)).toEqual([...before.map((e) => e.type), 'MeshTagged']);
  });

  it('shows only the new stream, from version 1, after a mesh is deleted and created again', async () => {
    const m = 'ev-reborn';
    const old = await client.send(new sdk.CreateMeshCommand({ meshName: m }));
    await client.send(new sdk.CreateVirtualNodeCommand({ meshName: m, virtualNodeName: 'web', spec: fx.minimalNodeSpec }));
    await client.send(new sdk.DeleteVirtualNodeCommand({ meshName: m, virtualNodeName: 'web' }));
    await client.send(new sdk.DeleteMeshCommand({ meshName: m }));
    const gone = await fetch(`${stack.url}/v1/meshes/${m}/events`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('x-amzn-errortype')).toBe('NotFoundException');

    const reborn = await client.send(new sdk.CreateMeshCommand({ meshName: m }));
    expect(reborn.mesh?.metadata?.uid).not.toBe(old.mesh?.metadata?.uid);
    const events = await meshEvents(stack, m);
    expect(events.map((e) => [e.version, e.type, e.resource.metadata.uid])).toEqual([[1, 'MeshCreated', reborn.mesh?.metadata?.uid]]);
  });

  it('pages events with afterVersion, limit and nextAfterVersion, and refuses bad parameters', async () => {
    const m = 'ev-pages';
    await client.send(new sdk.CreateMeshCommand({ meshName: m }));
    for (const name of ['a', 'b', 'c', 'd']) await client.send(new sdk.CreateVirtualNodeCommand({ meshName: m, virtualNodeName: name, spec: fx.minimalNodeSpec }));
    const page = async (query: string) => (await fetch(`${stack.url}/v1/meshes/${m}/events?${query}`)).json() as Promise<{ events: { version: number }[]; nextAfterVersion?: number }>;
    const first = await page('limit=2');
    expect([first.events.map((e) => e.version), first.nextAfterVersion]).toEqual([[1, 2], 2]);
    const last = await page('afterVersion=4&limit=2');
    expect([last.events.map((e) => e.version), last.nextAfterVersion]).toEqual([[5], undefined]);
    expect(await meshEvents(stack, m, 2)).toHaveLength(5);
    for (const query of ['limit=0', 'limit=1001', 'afterVersion=-1', 'afterVersion=x']) {
      const response = await fetch(`${stack.url}/v1/meshes/${m}/events?${query}`);
      expect([response.status, response.headers.get('x-amzn-errortype')]).toEqual([400, 'BadRequestException']);
      expect(((await response.json()) as { message: string }).message).toMatch(query.split('=')[0] ?? '');
    }
  });
});
