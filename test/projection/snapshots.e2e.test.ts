import { CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand, UpdateRouteCommand, UpdateVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { appMeshClient, startTestStack } from '../support/stack.js';

const mesh = 'store';
const nodes = ['front', 'admin', 'pay-v1', 'pay-v2', 'audit'];

async function snapshotVersion(stack: LocalStack, node: string): Promise<string | undefined> {
  const response = await fetch(`${stack.url}/v1/meshes/${mesh}/virtualNodes/${node}/snapshot`);
  return response.status === 200 ? ((await response.json()) as { version: string }).version : undefined;
}

async function until<T>(what: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('snapshots follow the mesh through the config endpoint', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('snapshots');
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    for (const name of nodes) {
      await client.send(new CreateVirtualNodeCommand({
        meshName: mesh,
        virtualNodeName: name,
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: `${name}.store.local` } } },
      }));
    }
    await client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'pay', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } }));
    await client.send(new CreateRouteCommand({
      meshName: mesh, virtualRouterName: 'pay', routeName: 'split',
      spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'pay-v1', weight: 100 }, { virtualNode: 'pay-v2', weight: 0 }] } } },
    }));
    await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'pay.store.local', spec: { provider: { virtualRouter: { virtualRouterName: 'pay' } } } }));
    // front and admin call the payment service; audit calls nothing.
    for (const name of ['front', 'admin']) {
      await client.send(new UpdateVirtualNodeCommand({
        meshName: mesh,
        virtualNodeName: name,
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: `${name}.store.local` } }, backends: [{ virtualService: { virtualServiceName: 'pay.store.local' } }] },
      }));
    }
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it('changes only the affected nodes\' snapshot versions after UpdateRoute', async () => {
    const settled = async () => Object.fromEntries(await Promise.all(nodes.map(async (n) => [n, await snapshotVersion(stack, n)] as const)));
    // Wait until every node has a snapshot that includes the payment route.
    let before = await until(settled, (v) => Object.values(v).every(Boolean), 5000);
    before = await until(settled, (v) => JSON.stringify(v) === JSON.stringify(before), 1000);

    await client.send(new UpdateRouteCommand({
      meshName: mesh, virtualRouterName: 'pay', routeName: 'split',
      spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'pay-v1', weight: 20 }, { virtualNode: 'pay-v2', weight: 80 }] } } },
    }));
    // Propagation time is measured in bench/ (npm run bench:projection); here the bound only stops a hang.
    const after = await until(settled, (v) => v['front'] !== before['front'] && v['admin'] !== before['admin'], 5000);

    expect(after['front']).not.toBe(before['front']);
    expect(after['admin']).not.toBe(before['admin']);
    for (const untouched of ['pay-v1', 'pay-v2', 'audit']) expect(after[untouched]).toBe(before[untouched]);
  });

  it('answers 304 to a current If-None-Match and holds a long poll until the version changes', async () => {
    const url = `${stack.url}/v1/meshes/${mesh}/virtualNodes/front/snapshot`;
    const current = await fetch(url);
    const etag = current.headers.get('etag') ?? '';
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const polled = fetch(`${url}?wait=10`, { headers: { 'if-none-match': etag } });
    await new Promise((r) => setTimeout(r, 200));
    await client.send(new UpdateRouteCommand({
      meshName: mesh, virtualRouterName: 'pay', routeName: 'split',
      spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'pay-v2', weight: 100 }] } } },
    }));
    const response = await polled;
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(etag);
  });

  it('answers 404 for a node that does not exist', async () => {
    const response = await fetch(`${stack.url}/v1/meshes/${mesh}/virtualNodes/ghost/snapshot`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
  });
});
