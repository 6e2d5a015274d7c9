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

/** The log's head and the version the projector has projected up to (its checkpoint). */
async function progress(stack: LocalStack): Promise<{ head: number; projected: number }> {
  return (await (await fetch(`${stack.url}/v1/meshes/${mesh}/status`)).json()) as { head: number; projected: number };
}

/**
 * Every node's snapshot version once the projector has projected everything
 * written so far: the head is read first, so a version read after the
 * checkpoint reaches it can no longer move because of anything before.
 */
async function settledVersions(stack: LocalStack): Promise<Record<string, string | undefined>> {
  const { head } = await progress(stack);
  // Propagation time is measured in bench/ (npm run bench:projection); here the bound only stops a hang.
  const deadline = Date.now() + 10_000;
  while ((await progress(stack)).projected < head) {
    if (Date.now() > deadline) throw new Error(`the projector has not reached mesh version ${head} in 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Object.fromEntries(await Promise.all(nodes.map(async (n) => [n, await snapshotVersion(stack, n)] as const)));
}

/** Whether a promise has settled by now (anything it was waiting on has already happened). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);
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
    const before = await settledVersions(stack);
    expect(Object.values(before).every(Boolean)).toBe(true);

    await client.send(new UpdateRouteCommand({
      meshName: mesh, virtualRouterName: 'pay', routeName: 'split',
      spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'pay-v1', weight: 20 }, { virtualNode: 'pay-v2', weight: 80 }] } } },
    }));
    const after = await settledVersions(stack);

    expect(after['front']).not.toBe(before['front']);
    expect(after['admin']).not.toBe(before['admin']);
    for (const untouched of ['pay-v1', 'pay-v2', 'audit']) expect(after[untouched]).toBe(before[untouched]);
  });

  it('answers 304 to a current If-None-Match and holds a long poll until the version changes', async () => {
    await settledVersions(stack);
    const url = (node: string) => `${stack.url}/v1/meshes/${mesh}/virtualNodes/${node}/snapshot`;
    const etagOf = async (node: string) => (await fetch(url(node))).headers.get('etag') ?? '';
    const etag = await etagOf('front');
    expect((await fetch(url('front'), { headers: { 'if-none-match': etag } })).status).toBe(304);

    const polled = fetch(`${url('front')}?wait=20`, { headers: { 'if-none-match': etag } });
    // The barrier: a change to audit alone, whose own long poll is answered while front's is still held.
    const auditEtag = await etagOf('audit');
    const auditPolled = fetch(`${url('audit')}?wait=20`, { headers: { 'if-none-match': auditEtag } });
    await client.send(new UpdateVirtualNodeCommand({
      meshName: mesh, virtualNodeName: 'audit',
      spec: { listeners: [{ portMapping: { port: 8081, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'audit.store.local' } } },
    }));
    const audit = await auditPolled;
    expect(audit.status).toBe(200);
    expect(audit.headers.get('etag')).not.toBe(auditEtag);
    expect(await settled(polled)).toBe(false);

    await client.send(new UpdateRouteCommand({
      meshName: mesh, virtualRouterName: 'pay', routeName: 'split',
      spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'pay-v2', weight: 100 }] } } },
    }));
    const { head } = await progress(stack);
    const response = await polled;
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(etag);
    // Compiled from the route change, so answered because of it, not before it.
    expect(((await response.json()) as { meshVersion: number }).meshVersion).toBeGreaterThanOrEqual(head);
  });

  it('answers 404 for a node that does not exist', async () => {
    const response = await fetch(`${stack.url}/v1/meshes/${mesh}/virtualNodes/ghost/snapshot`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
  });
});
