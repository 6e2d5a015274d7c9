import {
  ConflictException,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  DescribeRouteCommand,
  UpdateRouteCommand,
  UpdateVirtualNodeCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { cloudMapNodeSpec, minimalNodeSpec, prefixRouteSpec, virtualNodeSpec, virtualRouterSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { meshEvents } from './eventLog.js';
import { expectApiError } from './expectApiError.js';

describe('clientToken idempotency through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('idempotency');
    client = appMeshClient(stack);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  const eventCount = async (mesh: string) => (await meshEvents(stack, mesh)).length;

  it('answers a repeated CreateVirtualNode with the first result and appends nothing', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'idem-node' }));
    const request = { meshName: 'idem-node', virtualNodeName: 'web', spec: virtualNodeSpec(), clientToken: 'create-web-1' };
    const first = await client.send(new CreateVirtualNodeCommand(request));
    const events = await meshEvents(stack, 'idem-node');
    expect(events.map((e) => [e.type, e.clientToken])).toEqual([
      ['MeshCreated', expect.any(String)],
      ['VirtualNodeCreated', 'create-web-1'],
    ]);

    const again = await client.send(new CreateVirtualNodeCommand(request));
    expect(again.virtualNode).toEqual(first.virtualNode);
    expect(again.virtualNode?.metadata?.uid).toBe(first.virtualNode?.metadata?.uid);
    expect(await eventCount('idem-node')).toBe(2);
  });

  it('still answers with the first result after the resource has changed', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'idem-later' }));
    const request = { meshName: 'idem-later', virtualNodeName: 'web', spec: minimalNodeSpec, clientToken: 'create-later' };
    const first = await client.send(new CreateVirtualNodeCommand(request));
    await client.send(new UpdateVirtualNodeCommand({ meshName: 'idem-later', virtualNodeName: 'web', spec: cloudMapNodeSpec }));
    const replay = await client.send(new CreateVirtualNodeCommand(request));
    expect(replay.virtualNode).toEqual(first.virtualNode);
    expect(await eventCount('idem-later')).toBe(3);
  });

  it('refuses the same token with a different spec, name or operation, appending nothing', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'idem-conflict' }));
    const clientToken = 'create-conflict';
    await client.send(new CreateVirtualNodeCommand({ meshName: 'idem-conflict', virtualNodeName: 'web', spec: minimalNodeSpec, clientToken }));
    await expectApiError(
      client.send(new CreateVirtualNodeCommand({ meshName: 'idem-conflict', virtualNodeName: 'web', spec: cloudMapNodeSpec, clientToken })),
      ConflictException,
      409,
      /clientToken: 'create-conflict'/,
    );
    await expectApiError(client.send(new CreateVirtualNodeCommand({ meshName: 'idem-conflict', virtualNodeName: 'api', spec: minimalNodeSpec, clientToken })), ConflictException, 409, /clientToken/);
    await expectApiError(client.send(new CreateVirtualRouterCommand({ meshName: 'idem-conflict', virtualRouterName: 'web', spec: virtualRouterSpec, clientToken })), ConflictException, 409, /clientToken/);
    expect(await eventCount('idem-conflict')).toBe(2);
  });

  it('applies a repeated UpdateRoute once', async () => {
    const names = { meshName: 'idem-update', virtualRouterName: 'front', routeName: 'all' };
    await client.send(new CreateMeshCommand({ meshName: names.meshName }));
    await client.send(new CreateVirtualNodeCommand({ meshName: names.meshName, virtualNodeName: 'web', spec: minimalNodeSpec }));
    await client.send(new CreateVirtualRouterCommand({ meshName: names.meshName, virtualRouterName: 'front', spec: virtualRouterSpec }));
    await client.send(new CreateRouteCommand({ ...names, spec: prefixRouteSpec('web') }));
    const update = { ...names, spec: prefixRouteSpec('web', '/v2/'), clientToken: 'update-all-1' };
    const first = await client.send(new UpdateRouteCommand(update));
    const second = await client.send(new UpdateRouteCommand(update));
    expect(second.route?.metadata?.version).toBe(2);
    expect(second.route).toEqual(first.route);
    expect((await client.send(new DescribeRouteCommand(names))).route?.metadata?.version).toBe(2);
    expect((await meshEvents(stack, names.meshName)).filter((e) => e.type === 'RouteUpdated')).toHaveLength(1);
  });

  it('creates once when the same request races itself', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'idem-race' }));
    const request = { meshName: 'idem-race', virtualNodeName: 'web', spec: minimalNodeSpec, clientToken: 'race-1' };
    const results = await Promise.all(Array.from({ length: 8 }, () => client.send(new CreateVirtualNodeCommand(request))));
    expect(new Set(results.map((r) => r.virtualNode?.metadata?.uid)).size).toBe(1);
    expect((await meshEvents(stack, 'idem-race')).map((e) => e.type)).toEqual(['MeshCreated', 'VirtualNodeCreated']);
  });

  it('replays a mesh create too', async () => {
    const request = { meshName: 'idem-mesh', clientToken: 'mesh-once' };
    const first = await client.send(new CreateMeshCommand(request));
    const again = await client.send(new CreateMeshCommand(request));
    expect(again.mesh).toEqual(first.mesh);
    expect(await eventCount('idem-mesh')).toBe(1);
  });

  it('fills in a fresh token for each call when the caller gives none, as the SDK does', async () => {
    await client.send(new CreateMeshCommand({ meshName: 'idem-auto' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'idem-auto', virtualNodeName: 'a', spec: minimalNodeSpec }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'idem-auto', virtualNodeName: 'b', spec: minimalNodeSpec }));
    const tokens = (await meshEvents(stack, 'idem-auto')).map((e) => e.clientToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(3);
  });
});
