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

async function shopMesh(label: string) {
  const h = await projectorHarness(label);
  await h.run(create(id('mesh', mesh, mesh)));
  for (const name of ['cart-v1', 'cart-v2', 'web', 'admin']) await h.run(create(id('virtualNode', mesh, name), node(name)));
  await h.run(create(id('virtualRouter', mesh, 'cart'), { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }));
  await h.run(create(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 90, 'cart-v2': 10 })));
  await h.run(create(id('virtualService', mesh, 'cart.local'), { provider: { virtualRouter: { virtualRouterName: 'cart' } } }));
  await h.run(update(id('virtualNode', mesh, 'web'), { ...node('web'), backends: [{ virtualService: { virtualServiceName: 'cart.local' } }] }));
  return { h, stream: await h.streamOf(mesh) };
}

describe('the projector against DynamoDB Local', () => {
  it('writes one snapshot per virtual node and nothing more when the same batch arrives twice', async () => {
    const { h, stream } = await shopMesh('dup');
    const handler = createProjectorHandler(h.config);
    const first = await handler(h.batch([stream, stream]), localLambdaContext('p', '1'));
    expect(first.batchItemFailures).toEqual([]);
    const after = await h.versions(mesh);
    expect([...after.keys()].sort()).toEqual(['virtualNode/admin', 'virtualNode/cart-v1', 'virtualNode/cart-v2', 'virtualNode/web']);

    // A second projector (a fresh Lambda) replays from the log and finds nothing to write.
    const replay = createProjector(h.store);
    const report = await replay.projectStream(stream);
    expect(report).toMatchObject({ written: 0, removed: 0, rejected: [] });
    expect(await h.versions(mesh)).toEqual(after);
  });

  it('starts cold from the mesh as it stands, reads only the events after it, and writes what a full replay writes', async () => {
    const { h, stream } = await shopMesh('seed');
    const head = (await h.store.readEvents(stream, 0, 100)).length;
    const fromLog = createProjector({ ...h.store, readMeshState: async () => undefined });
    expect((await fromLog.projectStream(stream)).written).toBe(4);
    const replayed = await h.versions(mesh);

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
  });

  it('rewrites only the snapshot a route change reaches, whatever order the records come in', async () => {
    const { h, stream } = await shopMesh('order');
    const projector = createProjector(h.store);
    await projector.projectStream(stream);
    const before = await h.versions(mesh);

    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v1': 50, 'cart-v2': 50 })));
    await h.run(update(id('route', mesh, 'split', 'cart'), route({ 'cart-v2': 100 })));
    const handler = createProjectorHandler(h.config);
    // Newer record first, then an older one, then a duplicate: each is only a nudge.
    const batch = h.batch([stream, stream, stream]);
    batch.Records.reverse();
    expect((await handler(batch, localLambdaContext('p', '2'))).batchItemFailures).toEqual([]);
    const report = await projector.projectStream(stream);

    const after = await h.versions(mesh);
    const changed = [...after].filter(([target, version]) => before.get(target) !== version).map(([target]) => target);
    expect(changed).toEqual(['virtualNode/web']);
    expect(report.written).toBe(1);
  });

  it('converges to the same snapshots after a crash between two snapshot writes', async () => {
    const { h, stream } = await shopMesh('crash');
    const flaky = failingOnce(h.store, 2);
    const projector = createProjector(flaky);
    await expect(projector.projectStream(stream)).rejects.toThrow(/simulated crash/);
    const partial = await h.versions(mesh);
    expect(partial.size).toBeLessThan(4);

    const retried = await projector.projectStream(stream);
    expect(retried.written).toBe(4 - partial.size); // exactly the ones the crash left unwritten

    expect((await h.versions(mesh)).size).toBe(4);
    // The same mesh always compiles to the same versions: a clean projector agrees.
    const again = createProjector(h.store);
    expect((await again.projectStream(stream)).written).toBe(0);
  });

  it('shrugs off a record for a stream it has no events for and still projects the rest of the batch', async () => {
    const { h, stream } = await shopMesh('partial');
    const handler = createProjectorHandler(h.config);
    const batch = h.batch(['nosuchmesh/uid', stream]);
    const response = await handler(batch, localLambdaContext('p', '3'));
    expect(response.batchItemFailures).toEqual([]);
    expect((await h.versions(mesh)).size).toBe(4);
  });
});
