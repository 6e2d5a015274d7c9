import {
  BadRequestException,
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  ListMeshesCommand,
  ListTagsForResourceCommand,
  ListVirtualNodesCommand,
  paginateListMeshes,
  paginateListTagsForResource,
  paginateListVirtualNodes,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { minimalNodeSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { expectApiError } from './expectApiError.js';
import { arnPrefix } from './metadata.js';

const mesh = 'paging';
// Created out of order, so name order has to come from the server.
const nodeNames = ['golf', 'alpha', 'echo', 'bravo', 'foxtrot', 'delta', 'charlie'];
const tags = Array.from({ length: 12 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, value: `v${i}` }));

describe('list pagination through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('paging');
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh, tags: [...tags].reverse() }));
    for (const virtualNodeName of nodeNames) await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName, spec: minimalNodeSpec }));
    for (const meshName of ['m-c', 'm-a', 'm-b', 'm-e', 'm-d']) await client.send(new CreateMeshCommand({ meshName }));
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it('pages 7 virtual nodes 3/3/1 in name order with an opaque nextToken', async () => {
    const first = await client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 3 }));
    const second = await client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 3, nextToken: first.nextToken }));
    const third = await client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 3, nextToken: second.nextToken }));
    expect(first.virtualNodes?.map((n) => n.virtualNodeName)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(second.virtualNodes?.map((n) => n.virtualNodeName)).toEqual(['delta', 'echo', 'foxtrot']);
    expect(third.virtualNodes?.map((n) => n.virtualNodeName)).toEqual(['golf']);
    expect(third.nextToken).toBeUndefined();
    for (const token of [first.nextToken, second.nextToken]) {
      expect(token).toEqual(expect.any(String));
      // Opaque: the token is not just the last name handed back.
      expect(nodeNames).not.toContain(token);
    }
  });

  it('gives the same pages when asked again', async () => {
    const first = await client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 3 }));
    const again = await client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 3 }));
    expect(again).toMatchObject({ nextToken: first.nextToken, virtualNodes: first.virtualNodes });
  });

  it('ends without a nextToken when the last page is exactly full', async () => {
    const page = await client.send(new ListVirtualNodesCommand({ meshName: mesh, limit: 7 }));
    expect(page.virtualNodes).toHaveLength(7);
    expect(page.nextToken).toBeUndefined();
    expect((await client.send(new ListVirtualNodesCommand({ meshName: mesh }))).virtualNodes).toHaveLength(7);
  });

  it('walks every node exactly once with paginateListVirtualNodes', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListVirtualNodes({ client, pageSize: 3 }, { meshName: mesh })) {
      pages.push((page.virtualNodes ?? []).map((n) => n.virtualNodeName ?? ''));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...nodeNames].sort());
  });

  it('pages past the 1 MB a DynamoDB query returns at once, losing nothing', { timeout: 60_000 }, async () => {
    await client.send(new CreateMeshCommand({ meshName: 'paging-big' }));
    // ~150 KB each: ten of them are more than one DynamoDB query page.
    const spec = { serviceDiscovery: { dns: { hostname: `${'h'.repeat(150_000)}.local` } } };
    const names = Array.from({ length: 10 }, (_, i) => `big-${i}`);
    for (const virtualNodeName of names) await client.send(new CreateVirtualNodeCommand({ meshName: 'paging-big', virtualNodeName, spec }));
    const all = await client.send(new ListVirtualNodesCommand({ meshName: 'paging-big' }));
    expect([all.virtualNodes?.map((n) => n.virtualNodeName), all.nextToken]).toEqual([names, undefined]);
    const paged: string[] = [];
    for await (const page of paginateListVirtualNodes({ client, pageSize: 4 }, { meshName: 'paging-big' })) paged.push(...(page.virtualNodes ?? []).map((n) => n.virtualNodeName ?? ''));
    expect(paged).toEqual(names);
    const events = (await (await fetch(`${stack.url}/v1/meshes/paging-big/events`)).json()) as { events: unknown[]; nextAfterVersion?: number };
    expect([events.events.length, events.nextAfterVersion]).toEqual([11, undefined]);
  });

  it('refuses a nextToken it did not issue with BadRequestException', async () => {
    await expectApiError(client.send(new ListVirtualNodesCommand({ meshName: mesh, nextToken: 'garbage!' })), BadRequestException, 400, /nextToken/);
    await expectApiError(client.send(new ListVirtualNodesCommand({ meshName: mesh, nextToken: Buffer.from('{}').toString('base64url') })), BadRequestException, 400, /nextToken/);
    await expectApiError(client.send(new ListMeshesCommand({ nextToken: 'eyJ' })), BadRequestException, 400, /nextToken/);
  });

  it('pages ListMeshes in name order with no duplicates or gaps', async () => {
    const all = (await client.send(new ListMeshesCommand({}))).meshes?.map((m) => m.meshName) ?? [];
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['m-a', 'm-b', 'm-c', 'm-d', 'm-e', mesh]));
    const paged: string[] = [];
    const sizes: number[] = [];
    for await (const page of paginateListMeshes({ client, pageSize: 2 }, {})) {
      sizes.push(page.meshes?.length ?? 0);
      paged.push(...(page.meshes ?? []).map((m) => m.meshName ?? ''));
    }
    expect(paged).toEqual(all);
    expect(sizes.every((s) => s === 2 || s === sizes[sizes.length - 1])).toBe(true);
  });

  it('pages ListTagsForResource in key order', async () => {
    const resourceArn = `${arnPrefix}/${mesh}`;
    const first = await client.send(new ListTagsForResourceCommand({ resourceArn, limit: 5 }));
    expect(first.tags?.map((t) => t.key)).toEqual(['k00', 'k01', 'k02', 'k03', 'k04']);
    expect(first.nextToken).toEqual(expect.any(String));
    const pages: number[] = [];
    const seen: { key?: string; value?: string }[] = [];
    for await (const page of paginateListTagsForResource({ client, pageSize: 5 }, { resourceArn })) {
      pages.push(page.tags?.length ?? 0);
      seen.push(...(page.tags ?? []));
    }
    expect(pages).toEqual([5, 5, 2]);
    expect(seen).toEqual(tags);
    const everything = await client.send(new ListTagsForResourceCommand({ resourceArn }));
    expect(everything.tags).toEqual(tags);
    expect(everything.nextToken).toBeUndefined();
  });
});
