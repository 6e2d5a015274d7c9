// One suite every MeshStore implementation must pass (emmett's features.ts idea).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../core/application/handleCommand.js';
import type { AppendOutcome, MeshStore } from '../../core/application/meshStore.js';
import type { Command } from '../../core/domain/commands.js';
import type { ApiError } from '../../core/errors.js';
import type { ResourceId } from '../../core/domain/resource.js';
import { account, apply, applyAll, create, dependentOf, gateway, gatewayRoute, gatewayRouteTo, mesh, node, prepare, providedBy, route, routeTo, router, service } from './contractCommits.js';

export interface StoreUnderTest {
  readonly store: MeshStore;
  /** Another store on the same storage: a second process (or Lambda instance) next to `store`. */
  another(): MeshStore;
  cleanup(): Promise<void>;
}

/** `conflict` and `superseded` both say the stream was not where the commit expected it. */
const refusal = (outcome: AppendOutcome) => (outcome === 'conflict' || outcome === 'superseded' ? 'refused' : outcome);

export function meshStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`MeshStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: MeshStore;
    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(() => subject.cleanup());

    it('appends the first event of a new mesh at version 0 and reads the mesh back at version 1', async () => {
      const { commit } = await prepare(store, create(mesh()), { uid: 'm-1' });
      expect(commit).toMatchObject({ stream: 'demo/m-1', expectedVersion: 0 });
      expect(await store.append(commit)).toBe('appended');
      const view = await store.loadView({ target: mesh(), references: [], findDependent: false });
      expect(view.mesh).toEqual(commit.event.resource);
      expect(view.target).toEqual(commit.event.resource);
      expect(view.position).toEqual({ stream: 'demo/m-1', version: 1 });
      expect(await store.getResource(mesh())).toEqual(commit.event.resource);
      expect(await store.readEvents('demo', 0, 10)).toEqual([{ ...commit.event, stream: 'demo/m-1', version: 1 }]);
    });

    it('refuses an append at a stale version and writes neither its event, its state nor its token', async () => {
      await applyAll(store, create(mesh()), create(router('vr')), create(node('web')));
      const stale = await prepare(store, create(route('vr', 'r1'), routeTo('web')), { clientToken: 'tok-stale' });
      await applyAll(store, create(node('api')));
      // This store made the commit that moved the mesh on, so it may know without asking storage.
      expect(refusal(await store.append(stale.commit))).toBe('refused');
      // Ahead of the head, the event's own slot is free: only the head's condition stops it.
      expect(refusal(await store.append({ ...stale.commit, expectedVersion: 7 }))).toBe('refused');

      expect(await store.getResource(route('vr', 'r1'))).toBeUndefined();
      expect(await dependentOf(store, node('web'))).toBeUndefined();
      expect(await dependentOf(store, router('vr'))).toBeUndefined();
      expect(await store.priorRequest('tok-stale')).toBeUndefined();
      expect((await store.loadView({ target: route('vr', 'r1'), references: [], findDependent: false })).position?.version).toBe(4);
      expect((await store.readEvents('demo', 0, 10))?.map((e) => [e.version, e.type])).toEqual([
        [1, 'MeshCreated'], [2, 'VirtualRouterCreated'], [3, 'VirtualNodeCreated'], [4, 'VirtualNodeCreated'],
      ]);
    });

    it('lets exactly one of two concurrent appends at the same version win', async () => {
      await applyAll(store, create(mesh()));
      for (let round = 0; round < 5; round++) {
        const [a, b] = await Promise.all([prepare(store, create(node(`a${round}`))), prepare(store, create(node(`b${round}`)))]);
        const outcomes = await Promise.all([store.append(a.commit), store.append(b.commit)]);
        expect(outcomes.map(refusal).sort()).toEqual(['appended', 'refused']);
        const written = await Promise.all([store.getResource(node(`a${round}`)), store.getResource(node(`b${round}`))]);
        expect(written.filter(Boolean)).toHaveLength(1);
      }
      expect(await store.readEvents('demo', 0, 100)).toHaveLength(6);
    });

    it('serialises racing commands: one create of a name wins and racing updates get consecutive versions', async () => {
      let uid = 0;
      const deps = { store, account, now: () => 1_700_000_000_000, newUid: () => `race-${++uid}`, backoff: async () => {}, maxAttempts: 50 };
      const request = (i: number) => ({ requestId: `race-${i}`, actor: 'contract', requestHash: `hash-${i}` });
      await handleCommand(create(mesh()), request(0), deps);
      const racers = Array.from({ length: 12 }, (_, i) => i);
      const creates = await Promise.allSettled(racers.map((i) => handleCommand(create(node('web')), request(i), deps)));
      expect(creates.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      expect(creates.filter((c) => c.status === 'rejected').map((c) => (c.reason as ApiError).type)).toEqual(racers.slice(1).map(() => 'ConflictException'));

      await Promise.all(racers.map((i) => handleCommand({ type: 'update', id: node('web'), spec: { i } }, request(i), deps)));
      expect((await store.getResource(node('web')))?.metadata.version).toBe(13);
      const updates = (await store.readEvents('demo', 0, 100))?.filter((e) => e.action === 'Updated');
      expect(updates?.map((e) => e.resource.metadata.version)).toEqual(racers.map((i) => i + 2));
    });

    it('refuses a second CreateMesh of a taken name even under a new uid and stream', async () => {
      const first = await prepare(store, create(mesh()), { uid: 'first' });
      const second = await prepare(store, create(mesh()), { uid: 'second' });
      expect(await store.append(first.commit)).toBe('appended');
      expect(await store.append(second.commit)).toBe('conflict');
      expect((await store.getResource(mesh()))?.metadata.uid).toBe('first');
      expect((await store.loadView({ target: mesh(), references: [], findDependent: false })).position).toEqual({ stream: 'demo/first', version: 1 });
    });

    it('loads the mesh, the parent, the target and only the references that exist', async () => {
      await applyAll(store, create(mesh()), create(router('vr')), create(node('web')));
      const request = { target: route('vr', 'r1'), references: [node('web'), node('ghost')], findDependent: false };
      const before = await store.loadView(request);
      expect(before.mesh?.id).toEqual(mesh());
      expect(before.parent?.id).toEqual(router('vr'));
      expect(before.target).toBeUndefined();
      expect(before.existingReferences).toEqual([node('web')]);
      await applyAll(store, create(route('vr', 'r1'), routeTo('web')));
      const after = await store.loadView(request);
      expect(after.target?.spec).toEqual(routeTo('web'));
      expect(after.position?.version).toBe(4);
      const missing = await store.loadView({ target: node('x'), references: [], findDependent: false });
      expect({ ...missing, fromCache: undefined }).toEqual({ mesh: after.mesh, position: after.position, existingReferences: [] });
      expect(await store.loadView({ target: node('x'), references: [node('web')], findDependent: false })).toMatchObject({ existingReferences: [node('web')] });
      // Two targets on one node are one reference, not two writes of one index item.
      expect(await apply(store, create(route('vr', 'r2'), routeTo('web', 'web')))).toBe('appended');
    });

    it('finds the children that block a delete until they are deleted', async () => {
      await applyAll(store, create(mesh()), create(node('web')), create(router('vr')), create(route('vr', 'r1'), routeTo('web')));
      await applyAll(store, create(gateway('gw')), create(service('svc'), providedBy('virtualNode', 'web')), create(gatewayRoute('gw', 'gr'), gatewayRouteTo('svc')));
      expect(await dependentOf(store, router('vr'))).toEqual(route('vr', 'r1'));
      expect(await dependentOf(store, gateway('gw'))).toEqual(gatewayRoute('gw', 'gr'));
      const children = [node('web'), router('vr'), route('vr', 'r1'), gateway('gw'), service('svc'), gatewayRoute('gw', 'gr')];
      expect(children).toContainEqual(await dependentOf(store, mesh()));

      await applyAll(store, { type: 'delete', id: route('vr', 'r1') }, { type: 'delete', id: gatewayRoute('gw', 'gr') });
      expect(await dependentOf(store, router('vr'))).toBeUndefined();
      expect(await dependentOf(store, gateway('gw'))).toBeUndefined();
      await applyAll(store, ...[service('svc'), gateway('gw'), router('vr'), node('web')].map((id): Command => ({ type: 'delete', id })));
      expect(await dependentOf(store, mesh())).toBeUndefined();
    });

    it('finds the resources that reference a target and forgets them when the reference goes', async () => {
      await applyAll(store, create(mesh()), create(node('web')), create(node('api')), create(router('vr')));
      await applyAll(store, create(route('vr', 'r1'), routeTo('web')), create(service('svc'), providedBy('virtualNode', 'web')));
      expect([route('vr', 'r1'), service('svc')]).toContainEqual(await dependentOf(store, node('web')));

      await applyAll(store, { type: 'update', id: route('vr', 'r1'), spec: routeTo('api') });
      expect(await dependentOf(store, node('web'))).toEqual(service('svc'));
      expect(await dependentOf(store, node('api'))).toEqual(route('vr', 'r1'));

      await applyAll(store, { type: 'update', id: service('svc'), spec: providedBy('virtualRouter', 'vr') });
      expect(await dependentOf(store, node('web'))).toBeUndefined();
      expect(await dependentOf(store, router('vr'))).toEqual(route('vr', 'r1')); // children come first
      await applyAll(store, { type: 'delete', id: route('vr', 'r1') });
      expect(await dependentOf(store, node('api'))).toBeUndefined();
      expect(await dependentOf(store, router('vr'))).toEqual(service('svc'));

      await applyAll(store, create(gateway('gw')), create(gatewayRoute('gw', 'gr'), gatewayRouteTo('svc')));
      expect(await dependentOf(store, service('svc'))).toEqual(gatewayRoute('gw', 'gr'));
      await applyAll(store, { type: 'delete', id: gatewayRoute('gw', 'gr') }, { type: 'delete', id: service('svc') });
      expect(await dependentOf(store, service('svc'))).toBeUndefined();
      expect(await dependentOf(store, router('vr'))).toBeUndefined();
    });

    it('keeps a client token: the request that used it is found by it, and a second use is refused as tokenUsed', async () => {
      await applyAll(store, create(mesh()));
      expect(await apply(store, create(node('web')), { clientToken: 'tok-1' })).toBe('appended');
      expect(await store.priorRequest('tok-1')).toEqual({ requestHash: 'hash-of-create', resource: await store.getResource(node('web')) });
      expect(await store.priorRequest('tok-2')).toBeUndefined();

      expect(await apply(store, create(node('other')), { clientToken: 'tok-1' })).toBe('tokenUsed');
      expect(await store.getResource(node('other'))).toBeUndefined();
      expect(await store.readEvents('demo', 0, 10)).toHaveLength(2);
    });

    it('stays correct when another process changes the mesh between two commands of this one', async () => {
      const other = subject.another();
      let uid = 0;
      const deps = (s: MeshStore) => ({ store: s, account, now: () => 1_700_000_000_000, newUid: () => `p-${++uid}`, backoff: async () => {}, maxAttempts: 5 });
      const request = (i: number) => ({ requestId: `p-${i}`, actor: 'contract', requestHash: `hash-${i}` });
      await handleCommand(create(mesh()), request(0), deps(store));
      await handleCommand(create(node('web')), request(1), deps(store));
      await handleCommand({ type: 'update', id: node('web'), spec: { by: 'other' } }, request(2), deps(other));
      // This process last saw the mesh before the other's update: its own must follow it, not overwrite it.
      await handleCommand({ type: 'update', id: node('web'), spec: { by: 'this' } }, request(3), deps(store));
      expect(await store.getResource(node('web'))).toMatchObject({ spec: { by: 'this' }, metadata: { version: 3 } });
      expect((await store.readEvents('demo', 0, 10))?.map((e) => [e.version, e.type, e.resource.metadata.version])).toEqual([
        [1, 'MeshCreated', 1], [2, 'VirtualNodeCreated', 1], [3, 'VirtualNodeUpdated', 2], [4, 'VirtualNodeUpdated', 3],
      ]);

      await handleCommand({ type: 'delete', id: node('web') }, request(4), deps(other));
      await expect(handleCommand({ type: 'update', id: node('web'), spec: { by: 'this' } }, request(5), deps(store))).rejects.toMatchObject({ type: 'NotFoundException' });
      expect(await store.readEvents('demo', 0, 10)).toHaveLength(5);
    });

    it('accepts a command that references what another process created after this one last read the mesh', async () => {
      const other = subject.another();
      let uid = 0;
      const deps = (s: MeshStore) => ({ store: s, account, now: () => 1_700_000_000_000, newUid: () => `x-${++uid}`, backoff: async () => {}, maxAttempts: 5 });
      const request = (i: number) => ({ requestId: `x-${i}`, actor: 'contract', requestHash: `hash-${i}` });
      await handleCommand(create(mesh()), request(0), deps(store));
      await handleCommand(create(router('vr')), request(1), deps(store));
      await expect(handleCommand(create(route('vr', 'r1'), routeTo('web')), request(2), deps(store))).rejects.toMatchObject({ type: 'NotFoundException' });
      await handleCommand(create(node('web')), request(3), deps(other));
      await handleCommand(create(route('vr', 'r1'), routeTo('web')), request(4), deps(store));
      await handleCommand({ type: 'delete', id: route('vr', 'r1') }, request(5), deps(other));
      await handleCommand({ type: 'delete', id: node('web') }, request(6), deps(store));
      expect((await store.readEvents('demo', 0, 10))?.map((e) => e.type)).toEqual(['MeshCreated', 'VirtualRouterCreated', 'VirtualNodeCreated', 'RouteCreated', 'RouteDeleted', 'VirtualNodeDeleted']);
    });

    it('marks a view that may miss what another process wrote as from the cache, and reads storage when asked for a fresh one', async () => {
      const other = subject.another();
      await applyAll(store, create(mesh()), create(router('vr')));
      const request = { target: route('vr', 'r1'), references: [node('web')], findDependent: false };
      await store.loadView(request); // this process now knows the mesh without web
      await applyAll(other, create(node('web')));
      const maybeStale = await store.loadView(request);
      if (maybeStale.existingReferences.length === 0) expect(maybeStale.fromCache).toBe(true);
      const fresh = await store.loadView({ ...request, fresh: true });
      expect(fresh).toMatchObject({ existingReferences: [node('web')], position: { version: 3 } });
      expect(fresh.fromCache).toBeFalsy();
    });

    it('lists resources in name order, a page at a time, scoped by kind, mesh and parent', async () => {
      await applyAll(store, create(mesh('b-mesh')), create(mesh()), create(mesh('a-mesh')), create(router('vr')), create(router('vr2')));
      await applyAll(store, ...['c', 'a', 'e', 'b', 'd'].map((n) => create(node(n))), create({ ...node('z'), mesh: 'a-mesh' }));
      await applyAll(store, create(route('vr', 'r2'), routeTo('a')), create(route('vr2', 'r0'), routeTo('a')), create(route('vr', 'r1'), routeTo('a')));
      const names = (page: { items: readonly { id: ResourceId }[] }) => page.items.map((r) => r.id.name);
      const nodes = { kind: 'virtualNode', mesh: 'demo' } as const;

      const first = await store.listResources(nodes, { limit: 2 });
      expect([names(first), first.lastName]).toEqual([['a', 'b'], 'b']);
      const second = await store.listResources(nodes, { limit: 2, after: 'b' });
      expect([names(second), second.lastName]).toEqual([['c', 'd'], 'd']);
      const last = await store.listResources(nodes, { limit: 2, after: 'd' });
      expect([names(last), last.lastName]).toEqual([['e'], undefined]);
      // A page may end on a name deleted since: the next page starts after it all the same.
      expect(names(await store.listResources(nodes, { limit: 2, after: 'bb' }))).toEqual(['c', 'd']);
      const exact = await store.listResources(nodes, { limit: 5 });
      expect([names(exact), exact.lastName]).toEqual([['a', 'b', 'c', 'd', 'e'], undefined]);

      expect(names(await store.listResources({ kind: 'virtualRouter', mesh: 'demo' }, { limit: 10 }))).toEqual(['vr', 'vr2']);
      expect(names(await store.listResources({ kind: 'virtualNode', mesh: 'a-mesh' }, { limit: 10 }))).toEqual(['z']);
      expect(names(await store.listResources({ kind: 'virtualService', mesh: 'demo' }, { limit: 10 }))).toEqual([]);
      expect(names(await store.listResources({ kind: 'route', mesh: 'demo', parent: 'vr' }, { limit: 10 }))).toEqual(['r1', 'r2']);
      const routes = await store.listResources({ kind: 'route', mesh: 'demo', parent: 'vr' }, { limit: 1, after: 'r1' });
      expect([names(routes), routes.lastName]).toEqual([['r2'], undefined]);
      const meshes = await store.listResources({ kind: 'mesh' }, { limit: 2 });
      expect([names(meshes), meshes.lastName]).toEqual([['a-mesh', 'b-mesh'], 'b-mesh']);
      expect(names(await store.listResources({ kind: 'mesh' }, { limit: 2, after: 'b-mesh' }))).toEqual(['demo']);
    });

    it("reads a mesh's events after a version, in order, and only from its current stream", async () => {
      await applyAll(store, create(mesh()), create(node('a')), create(node('b')), { type: 'update', id: mesh(), spec: { egressFilter: { type: 'ALLOW_ALL' } } });
      expect((await store.readEvents('demo', 1, 10))?.map((e) => [e.version, e.type])).toEqual([[2, 'VirtualNodeCreated'], [3, 'VirtualNodeCreated'], [4, 'MeshUpdated']]);
      expect((await store.readEvents('demo', 0, 2))?.map((e) => e.version)).toEqual([1, 2]);
      expect(await store.readEvents('demo', 4, 10)).toEqual([]);
      expect(await store.readEvents('nope', 0, 10)).toBeUndefined();

      await applyAll(store, { type: 'delete', id: node('a') }, { type: 'delete', id: node('b') }, { type: 'delete', id: mesh() });
      expect(await store.readEvents('demo', 0, 10)).toBeUndefined();
      expect(await store.getResource(mesh())).toBeUndefined();
      expect(await apply(store, create(mesh()), { uid: 'reborn' })).toBe('appended');
      const reborn = await store.readEvents('demo', 0, 10);
      expect(reborn?.map((e) => [e.stream, e.version, e.type, e.resource.metadata.uid])).toEqual([['demo/reborn', 1, 'MeshCreated', 'reborn']]);
    });
  });
}
