import { CreateMeshCommand, CreateVirtualNodeCommand, CreateVirtualServiceCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../core/projection/snapshot.js';
import type { LocalStack } from '../../functions/local/localStack.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { cartAddresses } from './registryHarness.js';

const mesh = 'market';
const http8080 = [{ portMapping: { port: 8080, protocol: 'http' as const } }];

async function until<T>(what: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Cloud Map instances through the registry API reach the callers\' snapshots', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  const instanceUrl = (id: string, service = 'cart') => `${stack.url}/v1/registry/namespaces/market.local/services/${service}/instances/${encodeURIComponent(id)}`;
  const send = (method: string, url: string, body?: unknown) =>
    fetch(url, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  const webSnapshot = async (): Promise<Snapshot | undefined> => {
    const response = await fetch(`${stack.url}/v1/meshes/${mesh}/virtualNodes/web/snapshot`);
    return response.status === 200 ? ((await response.json()) as Snapshot) : undefined;
  };
  const webAddresses = async () => {
    const snapshot = await webSnapshot();
    return snapshot ? cartAddresses(snapshot) : undefined;
  };
  /** Deregisters whatever an earlier test left and waits until web's assignment is empty: each test starts from no instances. */
  const noInstances = async () => {
    const listed = (await (await fetch(`${stack.url}/v1/registry/namespaces/market.local/services/cart/instances`)).json()) as { instances: { instanceId: string }[] };
    for (const { instanceId } of listed.instances) expect((await send('DELETE', instanceUrl(instanceId))).status).toBe(200);
    expect(await until(webAddresses, (a) => a?.length === 0, 5000)).toEqual([]);
  };

  beforeAll(async () => {
    stack = await startTestStack('registry', { registrySweepIntervalMs: 500 });
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await client.send(new CreateVirtualNodeCommand({
      meshName: mesh,
      virtualNodeName: 'cart',
      spec: { listeners: http8080, serviceDiscovery: { awsCloudMap: { namespaceName: 'market.local', serviceName: 'cart', attributes: [{ key: 'stage', value: 'live' }] } } },
    }));
    await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'cart.market.local', spec: { provider: { virtualNode: { virtualNodeName: 'cart' } } } }));
    await client.send(new CreateVirtualNodeCommand({
      meshName: mesh,
      virtualNodeName: 'web',
      spec: { listeners: http8080, serviceDiscovery: { dns: { hostname: 'web.market.local' } }, backends: [{ virtualService: { virtualServiceName: 'cart.market.local' } }] },
    }));
    expect(await until(webAddresses, (a) => a !== undefined, 5000)).toEqual([]);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it('puts only the instances matching the node\'s attributes into the EDS assignment, and takes a deregistered one out', async () => {
    await noInstances();
    const before = await webSnapshot();
    const registered = await send('PUT', instanceUrl('cart-1'), { ipv4: '10.1.0.1', port: 8080, attributes: { stage: 'live' } });
    expect(registered.status).toBe(200);
    expect(await registered.json()).toMatchObject({ namespaceName: 'market.local', serviceName: 'cart', instanceId: 'cart-1', ipv4: '10.1.0.1', port: 8080, attributes: { stage: 'live' }, ttlSeconds: 30 });
    expect((await send('PUT', instanceUrl('cart-2'), { ipv4: '10.1.0.2', port: 8080, attributes: { stage: 'canary' } })).status).toBe(200);

    expect(await until(webAddresses, (a) => a?.length === 1, 5000)).toEqual(['10.1.0.1']);
    // Instances reach the assignment only: listeners, routes and clusters stay as they were.
    const after = await webSnapshot();
    for (const type of ['listener', 'route', 'cluster'] as const) expect(after?.resources[type], type).toEqual(before?.resources[type]);
    const listed = (await (await fetch(`${stack.url}/v1/registry/namespaces/market.local/services/cart/instances`)).json()) as { instances: { instanceId: string }[] };
    expect(listed.instances.map((i) => i.instanceId)).toEqual(['cart-1', 'cart-2']);

    expect((await send('DELETE', instanceUrl('cart-1'))).status).toBe(200);
    expect(await until(webAddresses, (a) => a?.length === 0, 5000)).toEqual([]);
    const again = await send('DELETE', instanceUrl('cart-1'));
    expect([again.status, again.headers.get('x-amzn-errortype')]).toEqual([404, 'NotFoundException']);
    expect((await send('DELETE', instanceUrl('cart-2'))).status).toBe(200);
  });

  it('expires an instance whose heartbeats stop, through the sweeper', async () => {
    await noInstances();
    expect((await send('PUT', instanceUrl('cart-3'), { ipv4: '10.1.0.3', port: 8080, attributes: { stage: 'live' }, ttlSeconds: 5 })).status).toBe(200);
    expect(await until(webAddresses, (a) => a?.length === 1, 5000)).toEqual(['10.1.0.3']);
    const beat = await send('POST', `${instanceUrl('cart-3')}/heartbeat`);
    expect(beat.status).toBe(200);
    expect(await beat.json()).toMatchObject({ instanceId: 'cart-3', lastSeen: expect.any(String) });

    // No more heartbeats: 5 s later the sweeper (every 500 ms here) expires it.
    expect(await until(webAddresses, (a) => a?.length === 0, 12_000)).toEqual([]);
    const late = await send('POST', `${instanceUrl('cart-3')}/heartbeat`);
    expect([late.status, late.headers.get('x-amzn-errortype')]).toEqual([404, 'NotFoundException']);
  }, 20_000);

  it('answers bad registrations with BadRequestException naming the field', async () => {
    const cases: [string, unknown, RegExp][] = [
      [instanceUrl('x'), { ipv4: '10.1.0.9', port: 0 }, /^port: /],
      [instanceUrl('x'), { port: 8080 }, /^ipv4: /],
      [instanceUrl('x'), { ipv4: '10.1.0.9', port: 8080, ttlSeconds: 1 }, /^ttlSeconds: /],
      [instanceUrl('has space'), { ipv4: '10.1.0.9', port: 8080 }, /^instanceId: /],
      [instanceUrl('x', '-bad'), { ipv4: '10.1.0.9', port: 8080 }, /^serviceName: /],
    ];
    for (const [url, body, message] of cases) {
      const response = await send('PUT', url, body);
      expect([response.status, response.headers.get('x-amzn-errortype')], JSON.stringify(body)).toEqual([400, 'BadRequestException']);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
    expect((await send('PUT', instanceUrl('x'), '{')).status).toBe(400);
  });
});
