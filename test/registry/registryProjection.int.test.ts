import { describe, expect, it } from 'vitest';
import { createProjector } from '../../core/application/projector.js';
import type { RegistryFeed } from '../../core/application/registryFeed.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import { id, update } from '../projection/projectorHarness.js';
import { cartAddresses, cartInstance, cartMesh, cartStream, mesh, staleOnce } from './registryHarness.js';

const live1 = cartInstance('cart-1', '10.0.0.1', 'live');
const canary = cartInstance('cart-2', '10.0.0.2', 'canary');
const live3 = cartInstance('cart-3', '10.0.0.3', 'live');

/** Everything but the endpoint assignments. */
const withoutEndpoints = (s: Snapshot) => ({ listener: s.resources.listener, route: s.resources.route, cluster: s.resources.cluster, secret: s.resources.secret });

describe('Cloud Map instances in the projection', () => {
  it('changes only the endpoint assignment of the proxies that read the service, with only the instances that match', async () => {
    const m = await cartMesh('reg-eds');
    const projector = createProjector(m.h.store, m.feed);
    await projector.projectStream(m.meshStream);
    const before = await m.h.versions(mesh);
    const webBefore = await m.snapshot('web');
    expect(cartAddresses(webBefore)).toEqual([]);

    await m.register(live1);
    await m.register(canary);
    await projector.nudge(cartStream);

    const webAfter = await m.snapshot('web');
    expect(cartAddresses(webAfter)).toEqual(['10.0.0.1']); // the canary does not match stage=live
    expect(withoutEndpoints(webAfter)).toEqual(withoutEndpoints(webBefore));
    expect(webAfter.resources.endpoint).not.toEqual(webBefore.resources.endpoint);
    const after = await m.h.versions(mesh);
    expect([...after].filter(([target, version]) => before.get(target) !== version).map(([target]) => target)).toEqual(['virtualNode/web']);
  });

  it('reaches a mesh this process never loaded, through the subscription the mesh left', async () => {
    const m = await cartMesh('reg-cold');
    await m.register(live1);
    await createProjector(m.h.store, m.feed).projectStream(m.meshStream);
    expect(await m.feed.subscribersOf(cartStream)).toEqual([{ mesh, meshStream: m.meshStream }]);

    // Another process (a fresh Lambda) sees only the registry's stream record.
    await m.register(live3);
    await m.deregister(live1);
    const other = createProjector(m.h.store, m.feed);
    await other.nudge(cartStream);
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.3']);
  });

  it('starts a cold process from the registry as it stands, reading only the events after it', async () => {
    const m = await cartMesh('reg-seed');
    for (const instance of [live1, canary, live3]) await m.register(instance);
    await m.deregister(canary);
    const readFrom: number[] = [];
    const feed = (headLag: number): RegistryFeed => ({
      ...m.feed,
      // headLag: the head as read a few versions before the instances were, which the events after it must not disturb.
      readRegistryState: async (service) => {
        const now = await m.feed.readRegistryState(service);
        return { ...now, version: now.version - headLag };
      },
      readRegistryEvents: (stream, afterVersion, limit) => {
        if (stream === cartStream) readFrom.push(afterVersion);
        return m.feed.readRegistryEvents(stream, afterVersion, limit);
      },
    });

    const projector = createProjector(m.h.store, feed(0));
    await projector.projectStream(m.meshStream);
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.1', '10.0.0.3']);
    expect(readFrom[0]).toBe(4);

    await m.register(cartInstance('cart-4', '10.0.0.4', 'live'));
    await projector.nudge(cartStream);
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.4']);

    readFrom.length = 0;
    const lagging = createProjector(m.h.store, feed(3));
    await lagging.projectStream(m.meshStream);
    expect(readFrom[0]).toBe(2); // replays cart-3's registration, the canary's removal and cart-4's registration over state that has them
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.4']);
  });

  it('brings a warm mesh up to instances another process changed before compiling a mesh change', async () => {
    const m = await cartMesh('reg-warm');
    const projector = createProjector(m.h.store, m.feed);
    await projector.projectStream(m.meshStream);
    await m.register(live1); // nudged elsewhere: this projector never hears of it
    await m.h.run(update(id('virtualNode', mesh, 'admin'), { listeners: [{ portMapping: { port: 9090, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'admin.shop.local' } } }));
    await projector.projectStream(m.meshStream);
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.1']);
  });

  it('rewrites a snapshot it compiled from instances older than the log before it returns', async () => {
    const m = await cartMesh('reg-race');
    await m.register(live1);
    await createProjector(m.h.store, m.feed).projectStream(m.meshStream);
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.1']);

    // This process read the registry just before cart-1 was registered, and so
    // overwrites the newer snapshot another process wrote (mesh versions cannot tell them apart).
    const late = createProjector(m.h.store, staleOnce(m.feed));
    const report = await late.projectStream(m.meshStream);
    expect(report.written).toBe(2); // the stale write, then the correction
    expect(cartAddresses(await m.snapshot('web'))).toEqual(['10.0.0.1']);
  });

  it('drops the subscription of a mesh whose proxies stopped reading the service', async () => {
    const m = await cartMesh('reg-unsub');
    await createProjector(m.h.store, m.feed).projectStream(m.meshStream);
    expect(await m.feed.subscribersOf(cartStream)).toHaveLength(1);
    await m.h.run(update(id('virtualNode', mesh, 'web'), { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'web.shop.local' } } }));

    // A process that never held the subscription in memory finds out when the registry nudges it.
    const other = createProjector(m.h.store, m.feed);
    await other.projectStream(m.meshStream);
    await m.register(live1);
    await other.nudge(cartStream);
    expect(await m.feed.subscribersOf(cartStream)).toEqual([]);
  });
});
