import { describe, expect, it } from 'vitest';
import { createProjector } from '../../core/application/projector.js';
import type { Command } from '../../core/domain/commands.js';
import { createProjectorHandler } from '../../functions/projector/createProjectorHandler.js';
import { localLambdaContext } from '../../functions/local/lambdaContext.js';
import { create, id, projectorHarness } from './projectorHarness.js';

// Projections heal to the fold of the log: whatever a projector missed while it
// was down, a cold one (a restarted process, a fresh Lambda, the retry after a
// failure) ends with exactly the snapshots the log says, and none it does not.

const mesh = 'heal';
const node = (name: string) => ({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: `${name}.local` } } });
const names = ['a', 'b', 'c', 'd', 'e'];
const remove = (kind: 'mesh' | 'virtualNode' | 'virtualGateway', name: string): Command => ({ type: 'delete', id: id(kind, mesh, name) });
const gateway = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] };

async function projected(label: string) {
  const h = await projectorHarness(label);
  await h.run(create(id('mesh', mesh, mesh)));
  for (const name of names) await h.run(create(id('virtualNode', mesh, name), node(name)));
  await h.run(create(id('virtualGateway', mesh, 'edge'), gateway));
  const stream = await h.streamOf(mesh);
  await createProjector(h.store).projectStream(stream);
  expect((await h.versions(mesh)).size).toBe(names.length + 1);
  return { h, stream };
}

describe('projections heal to the fold of the log', () => {
  it('removes the snapshots of nodes and gateways deleted while no projector ran, on a cold start', async () => {
    const { h, stream } = await projected('cold');
    for (const name of ['b', 'd']) await h.run(remove('virtualNode', name));
    await h.run(remove('virtualGateway', 'edge'));

    // A fresh Lambda gets only the last record.
    const handler = createProjectorHandler(h.config);
    expect((await handler(await h.records(stream, [await h.head(stream)]), localLambdaContext('p', '1'))).batchItemFailures).toEqual([]);
    expect([...(await h.versions(mesh)).keys()].sort()).toEqual(['virtualNode/a', 'virtualNode/c', 'virtualNode/e']);
    expect(await h.versions(mesh)).toEqual(await h.fold(stream));
    for (const target of ['virtualNode/b', 'virtualNode/d', 'virtualGateway/edge'] as const) expect(await h.store.getSnapshot(mesh, target)).toBeUndefined();
    const status = await h.store.meshReports(mesh);
    expect([...status.snapshots.keys()].sort()).toEqual(['virtualNode/a', 'virtualNode/c', 'virtualNode/e']);
  });

  it('removes the snapshots of nodes deleted right after a restart, one record at a time', async () => {
    const { h, stream } = await projected('restart');
    const restarted = createProjectorHandler(h.config);
    for (const name of ['a', 'c', 'e']) {
      await h.run(remove('virtualNode', name));
      const batch = await h.records(stream, [await h.head(stream)]);
      expect((await restarted(batch, localLambdaContext('p', name))).batchItemFailures).toEqual([]);
    }
    expect([...(await h.versions(mesh)).keys()].sort()).toEqual(['virtualGateway/edge', 'virtualNode/b', 'virtualNode/d']);
    expect(await h.versions(mesh)).toEqual(await h.fold(stream));
    expect((await h.store.meshReports(mesh)).projected).toEqual({ stream, version: await h.head(stream) });
  });

  it('leaves no snapshot behind a deleted mesh, and never removes those of the mesh created again under its name', async () => {
    const { h, stream } = await projected('mesh');
    for (const name of names) await h.run(remove('virtualNode', name));
    await h.run(remove('virtualGateway', 'edge'));
    await h.run(remove('mesh', mesh));

    const handler = createProjectorHandler(h.config);
    expect((await handler(await h.records(stream, [await h.head(stream)]), localLambdaContext('p', '1'))).batchItemFailures).toEqual([]);
    expect((await h.versions(mesh)).size).toBe(0);

    // The same name again, with one of the old node names: a new stream.
    await h.run(create(id('mesh', mesh, mesh)));
    await h.run(create(id('virtualNode', mesh, 'a'), node('a')));
    const again = await h.streamOf(mesh);
    expect(again).not.toBe(stream);
    expect((await handler(await h.records(again, [1, 2]), localLambdaContext('p', '2'))).batchItemFailures).toEqual([]);
    expect(await h.versions(mesh)).toEqual(await h.fold(again));

    // A late cold projection of the old stream (a retried batch) leaves the new mesh alone.
    const late = createProjectorHandler(h.config);
    expect((await late(await h.records(stream, [await h.head(stream)]), localLambdaContext('p', '3'))).batchItemFailures).toEqual([]);
    expect(await h.versions(mesh)).toEqual(await h.fold(again));
    expect(await h.store.meshReports(mesh)).toMatchObject({ head: { stream: again, version: 2 }, projected: { stream: again, version: 2 } });
  });
});
