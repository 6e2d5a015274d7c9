import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryDynamoFeed } from '../../core/adapters/dynamodb/registryDynamoFeed.js';
import { registryDynamoStore } from '../../core/adapters/dynamodb/registryDynamoStore.js';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import type { RegistryDeps } from '../../core/application/registryCommands.js';
import { handleRegistryCommand, heartbeat } from '../../core/application/registryCommands.js';
import type { RegistryStore } from '../../core/application/registryStore.js';
import { sweepExpiredInstances } from '../../core/application/registrySweeper.js';
import type { Instance } from '../../core/domain/registry/instance.js';
import { registryStreamOf } from '../../core/domain/registry/instance.js';
import { ApiError } from '../../core/errors.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';
import type { FreshTables } from '../support/tables.js';
import { freshTables } from '../support/tables.js';

const request = { requestId: 'req', actor: 'test' };

describe('the instance registry on DynamoDB Local', () => {
  let db: FreshTables;
  let client: DynamoDBClient;
  let tables: TableNames;
  let store: RegistryStore;

  beforeAll(async () => {
    db = await freshTables('registry');
    ({ client, tables } = db);
    store = registryDynamoStore(documentClient(client), tables);
  });
  afterAll(() => db.drop());

  /** A namespace of the test's own, and a clock of its own: no test reads what another wrote. */
  function setup(namespace: string) {
    let clock = Date.UTC(2026, 0, 1);
    const deps: RegistryDeps = { registry: store, now: () => clock, backoff: async () => undefined };
    const web = (id: string, changes: Partial<Instance> = {}): Instance => ({ namespace, service: 'web', instanceId: id, ipv4: '10.0.0.1', port: 8080, attributes: {}, ttlSeconds: 30, ...changes });
    return {
      deps,
      web,
      now: () => clock,
      advance: (ms: number) => (clock += ms),
      register: (instance: Instance) => handleRegistryCommand({ type: 'register', instance }, request, deps),
      events: (service = 'web') => registryDynamoFeed(documentClient(client), tables).readRegistryEvents(registryStreamOf({ namespace, service }), 0, 100),
      /** What a sweep of the whole table expired in this namespace. */
      sweep: async () => (await sweepExpiredInstances(request, deps)).filter((k) => k.namespace === namespace).map((k) => `${k.service}/${k.instanceId}`).sort(),
    };
  }

  it('appends one event per change to the service stream, and nothing for a repeated registration', async () => {
    const t = setup('appends.local');
    await t.register(t.web('a'));
    t.advance(1000);
    const again = await t.register(t.web('a'));
    expect(again).toEqual({ record: { instance: t.web('a'), lastSeen: t.now() } }); // a heartbeat, no event
    await t.register(t.web('a', { port: 9090 }));
    await handleRegistryCommand({ type: 'deregister', key: t.web('a') }, request, t.deps);
    expect((await t.events()).map((e) => [e.version, e.type, e.instance.port])).toEqual([
      [1, 'InstanceRegistered', 8080],
      [2, 'InstanceRegistered', 9090],
      [3, 'InstanceDeregistered', 9090],
    ]);
    expect((await store.loadInstance(t.web('a'))).record).toBeUndefined();
  });

  it('refuses an append at a stream version that has moved, writing nothing', async () => {
    const t = setup('refuses.local');
    const view = await store.loadInstance(t.web('b'));
    await t.register(t.web('b'));
    const event = { type: 'InstanceRegistered' as const, instance: t.web('b', { port: 1 }), actor: 'x', requestId: 'y', at: t.now() };
    expect(await store.append({ expectedVersion: view.version, event, lastSeen: t.now() })).toBe('conflict');
    expect((await store.loadInstance(t.web('b'))).record?.instance.port).toBe(8080);
  });

  it('keeps concurrent registrations of one service in one gapless stream', async () => {
    const t = setup('concurrent.local');
    await Promise.all(Array.from({ length: 8 }, (_, i) => t.register(t.web(`c${i}`))));
    const stream = await t.events('web');
    expect(stream.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const listed = await store.listInstances({ namespace: 'concurrent.local', service: 'web' }, { limit: 100 });
    expect(listed.items.map((r) => r.instance.instanceId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });

  it('pages instances and services in name order', async () => {
    const t = setup('pages.local');
    for (const id of ['c3', 'b', 'c1', 'c0', 'c2']) await t.register(t.web(id));
    await t.register({ ...t.web('z'), service: 'api' });
    const first = await store.listInstances({ namespace: 'pages.local', service: 'web' }, { limit: 2 });
    const second = await store.listInstances({ namespace: 'pages.local', service: 'web' }, { limit: 100, ...(first.lastName ? { after: first.lastName } : {}) });
    expect(first.items).toHaveLength(2);
    expect([...first.items, ...second.items].map((r) => r.instance.instanceId)).toEqual(['b', 'c0', 'c1', 'c2', 'c3']);
    expect(second.lastName).toBeUndefined();
    // Services of the whole table (other tests' too), page by page: in order, this namespace's among them.
    const services: string[] = [];
    for (let after: string | undefined, page = 0; page === 0 || after !== undefined; page++) {
      const listed = await store.listServices({ limit: 2, ...(after !== undefined ? { after } : {}) });
      services.push(...listed.items.map((k) => `${k.namespace}/${k.service}`));
      after = listed.lastName;
    }
    expect(services).toEqual([...services].sort());
    expect(services.filter((s) => s.startsWith('pages.local/'))).toEqual(['pages.local/api', 'pages.local/web']);
  });

  it('refreshes lastSeen on a heartbeat without an event, and answers 404 for an unknown instance', async () => {
    const t = setup('heartbeat.local');
    await t.register(t.web('b'));
    const before = (await t.events()).length;
    t.advance(5000);
    expect((await heartbeat(t.web('b'), t.deps)).lastSeen).toBe(t.now());
    expect((await t.events()).length).toBe(before);
    await expect(heartbeat(t.web('nobody'), t.deps)).rejects.toSatisfy((e) => e instanceof ApiError && e.type === 'NotFoundException');
  });

  it('lets a heartbeat that lands between the sweeper\'s read and its append keep the instance', async () => {
    const t = setup('race.local');
    await t.register(t.web('d', { ttlSeconds: 5 }));
    t.advance(10_000);
    // The sweeper's store sees the heartbeat arrive right after its read.
    const racing: RegistryStore = {
      ...store,
      async loadInstance(key) {
        const view = await store.loadInstance(key);
        if (key.namespace === 'race.local' && key.instanceId === 'd') await store.heartbeat(key, t.now());
        return view;
      },
    };
    const outcome = await handleRegistryCommand({ type: 'expire', key: t.web('d') }, request, { ...t.deps, registry: racing, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ApiError); // its one attempt conflicted
    expect((await store.loadInstance(t.web('d'))).record?.lastSeen).toBe(t.now());
    // Decided again on a fresh read, the instance is in time: nothing expires.
    expect(await handleRegistryCommand({ type: 'expire', key: t.web('d') }, request, t.deps)).toMatchObject({ record: { lastSeen: t.now() } });
  });

  it('sweeps exactly the instances whose ttl passed without a heartbeat', async () => {
    const t = setup('sweeps.local');
    await t.register(t.web('b'));
    await t.register(t.web('d', { ttlSeconds: 5 }));
    await t.register(t.web('e', { ttlSeconds: 5 }));
    await t.register(t.web('f', { ttlSeconds: 60 }));
    await t.register({ ...t.web('z'), service: 'api' });
    t.advance(6000);
    await heartbeat(t.web('d'), t.deps);
    // b and z have 30 s ttls, d just beat, f has a minute: only e is late.
    expect(await t.sweep()).toEqual(['web/e']);
    expect((await t.events()).at(-1)).toMatchObject({ type: 'InstanceExpired', instance: t.web('e', { ttlSeconds: 5 }) });
    t.advance(60_000);
    expect(await t.sweep()).toEqual(['api/z', 'web/b', 'web/d', 'web/f']);
  });
});
