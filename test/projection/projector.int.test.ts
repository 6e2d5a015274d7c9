import { describe, expect, it } from 'vitest';
import { createProjector } from '../../core/application/projector.js';
import { createProjectorHandler } from '../../functions/projector/createProjectorHandler.js';
import { localLambdaContext } from '../../functions/local/lambdaContext.js';
import { create, failingOnce, id, projectorHarness, update } from './projectorHarness.js';

const mesh = 'shop';
const node = (name: string, port = 8080) => ({ listeners: [{ portMapping: { port, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: `${name}.local` } } });
const route = (weights: Record<string, number>) => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight })) } },
});
const allNodes = ['virtualNode/admin', 'virtualNode/cart-v1', 'virtualNode/cart-v2', 'virtualNode/web'];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function shopMesh(label: string) {
  const h = await projectorHarness(label);
  await h.run(create(id('mesh', mesh, mesh)));
  for (const name of ['cart-v1', 'cart-v2', 'web', 'admin']) await h.run(create(id('virtualNode', mesh, name), node(name)));
  await h.run(create(id('virtualRouter', mesh, 'cart'), { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }));
  await h.run(create(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 90, 'cart-v2': 10 })));
  await h.run(create(id('virtualService', mesh, 'cart.local'), { provider: { virtualRouter: { virtualRouterName: 'cart' } } }));
  await h.run(update(id('virtualNode', mesh, 'web'), { ...node('web'), backends: [{ virtualService: { virtualServiceName: 'cart.local' } }] }));
  const stream = await h.streamOf(mesh);
  return { h, stream, head: await h.head(stream) };
}

describe('the projector handler against DynamoDB Local', () => {
  it('writes the fold of the log, one snapshot per virtual node, from a batch of the stream\'s records', async () => {
    const { h, stream, head } = await shopMesh('batch');
    expect((await h.versions(mesh)).size).toBe(0);
    const handler = createProjectorHandler(h.config);
    expect((await handler(await h.records(stream, range(1, head)), localLambdaContext('p', '1'))).batchItemFailures).toEqual([]);

    const written = await h.versions(mesh);
    expect([...written.keys()].sort()).toEqual(allNodes);
    expect(written).toEqual(await h.fold(stream));
    expect((await h.store.meshReports(mesh)).projected).toEqual({ stream, version: head });
  });

  it('ends at the fold when records come out of order, duplicated and retried, in one batch and across batches', async () => {
    const { h, stream, head } = await shopMesh('order');
    const handler = createProjectorHandler(h.config);
    await handler(await h.records(stream, range(1, head)), localLambdaContext('p', '2'));
    const before = await h.versions(mesh);

    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 50, 'cart-v2': 50 })));
    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v2': 100 })));
    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 30, 'cart-v2': 70 })));
    const [a, b, c] = [head + 1, head + 2, head + 3];
    const fold = await h.fold(stream);
    expect(fold.get('virtualNode/web')).not.toBe(before.get('virtualNode/web')); // the handler has something to do

    // The newest first, an older one, a duplicate of it, then the one in between.
    expect((await handler(await h.records(stream, [c, a, a, b]), localLambdaContext('p', '3'))).batchItemFailures).toEqual([]);
    expect(await h.versions(mesh)).toEqual(fold);
    const changed = [...fold].filter(([target, version]) => before.get(target) !== version).map(([target]) => target);
    expect(changed).toEqual(['virtualNode/web']);

    // A retried batch of old records, to this handler and to a cold one, changes nothing.
    for (const again of [handler, createProjectorHandler(h.config)]) {
      expect((await again(await h.records(stream, [b, a]), localLambdaContext('p', '4'))).batchItemFailures).toEqual([]);
      expect(await h.versions(mesh)).toEqual(fold);
    }
    expect((await h.store.meshReports(mesh)).projected).toEqual({ stream, version: c });
  });

  it('projects to the head when a cold handler sees only a record from the middle of the stream', async () => {
    const { h, stream, head } = await shopMesh('middle');
    const handler = createProjectorHandler(h.config);
    expect((await handler(await h.records(stream, [3]), localLambdaContext('p', '5'))).batchItemFailures).toEqual([]);
    expect(await h.versions(mesh)).toEqual(await h.fold(stream));
    expect((await h.store.meshReports(mesh)).projected).toEqual({ stream, version: head });
  });

  it('skips streams of no declared kind and still projects the rest of the batch', async () => {
    const { h, stream } = await shopMesh('unknown');
    const handler = createProjectorHandler(h.config);
    const batch = h.batch(['no-slash-so-no-kind', '/no-mesh-name', '@registry/', '@elsewhere/thing', 'nosuchmesh/uid', stream]);
    expect((await handler(batch, localLambdaContext('p', '6'))).batchItemFailures).toEqual([]);
    expect(await h.versions(mesh)).toEqual(await h.fold(stream));
    expect(await createProjector(h.store).nudge('no-slash-so-no-kind')).toMatchObject({ skipped: expect.any(String) });
  });
});

describe('the projector against DynamoDB Local', () => {
  it('starts cold from the mesh as it stands, reads only the events after it, and writes what a full replay writes', async () => {
    const { h, stream, head } = await shopMesh('seed');
    const fromLog = createProjector({ ...h.store, readMeshState: async () => undefined });
    expect((await fromLog.projectStream(stream)).written).toBe(4);
    const replayed = await h.versions(mesh);
    expect(replayed).toEqual(await h.fold(stream));

    // lag: the head as read some versions before the resources were, which the events after it must not disturb.
    for (const lag of [0, 3]) {
      const readFrom: number[] = [];
      const seeded = createProjector({
        ...h.store,
        readMeshState: async (s) => {
          const now = await h.store.readMeshState(s);
          return now && { ...now, version: now.version - lag };
        },
        readEvents: (s, after, limit) => (readFrom.push(after), h.store.readEvents(s, after, limit)),
      });
      expect(await seeded.projectStream(stream)).toMatchObject({ version: head, written: 0, removed: 0, rejected: [] });
      expect(readFrom[0]).toBe(head - lag);
    }
    expect(await h.versions(mesh)).toEqual(replayed);
    expect(await h.store.readMeshState(`${mesh}/not-its-stream`)).toBeUndefined();
  });

  it('projects from the events the stream records carry when they follow on, and reads the log when one is missing', async () => {
    const { h, stream } = await shopMesh('delivered');
    let reads = 0;
    const projector = createProjector({ ...h.store, readEvents: (...args) => (reads++, h.store.readEvents(...args)) });
    await projector.projectStream(stream);
    const eventsSoFar = async () => h.store.readEvents(stream, 0, 1000);
    const changedSince = async (before: Map<string, string>) => [...(await h.versions(mesh))].filter(([t, v]) => before.get(t) !== v).map(([t]) => t);

    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 50, 'cart-v2': 50 })));
    let before = await h.versions(mesh);
    reads = 0;
    const [carried] = (await eventsSoFar()).slice(-1);
    expect((await projector.projectStream(stream, [carried!])).written).toBe(1);
    expect(reads).toBe(0);
    expect(await changedSince(before)).toEqual(['virtualNode/web']);

    // The same record again (a retried batch): nothing to read, nothing to write.
    expect((await projector.projectStream(stream, [carried!])).written).toBe(0);
    expect(reads).toBe(0);

    // Two updates, but only the second one's record: the gap sends the projector to the log.
    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v2': 100 })));
    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 100 })));
    before = await h.versions(mesh);
    const [last] = (await eventsSoFar()).slice(-1);
    expect((await projector.projectStream(stream, [last!])).written).toBe(1);
    expect(reads).toBeGreaterThan(0);
    expect(await changedSince(before)).toEqual(['virtualNode/web']);
    expect(await h.versions(mesh)).toEqual(await h.fold(stream));
  });

  it('converges to the fold after a crash between two snapshot writes', async () => {
    const { h, stream } = await shopMesh('crash');
    const projector = createProjector(failingOnce(h.store, 2));
    await expect(projector.projectStream(stream)).rejects.toThrow(/simulated crash/);
    const partial = await h.versions(mesh);
    expect(partial.size).toBeLessThan(4);

    const retried = await projector.projectStream(stream);
    expect(retried.written).toBe(4 - partial.size); // exactly the ones the crash left unwritten
    expect(await h.versions(mesh)).toEqual(await h.fold(stream));
  });
});
