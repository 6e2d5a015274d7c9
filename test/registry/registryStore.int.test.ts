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
const web = (id: string, changes: Partial<Instance> = {}): Instance => ({ namespace: 'shop.local', service: 'web', instanceId: id, ipv4: '10.0.0.1', port: 8080, attributes: {}, ttlSeconds: 30, ...changes });

describe('the instance registry on DynamoDB Local', () => {
  let db: FreshTables;
  let client: DynamoDBClient;
  let tables: TableNames;
  let store: RegistryStore;
  let clock = Date.UTC(2026, 0, 1);
  let deps: RegistryDeps;
  const events = (service = 'web') => registryDynamoFeed(documentClient(client), tables).readRegistryEvents(registryStreamOf({ namespace: 'shop.local', service }), 0, 100);

  beforeAll(async () => {
    db = await freshTables('registry');
    ({ client, tables } = db);
    store = registryDynamoStore(documentClient(client), tables);
    deps = { registry: store, now: () => clock, backoff: async () => undefined };
  });
  afterAll(() => db.drop());

  it('appends one event per change to the service stream, and nothing for a repeated registration', async () => {
    await handleRegistryCommand({ type: 'register', instance: web('a') }, request, deps);
    clock += 1000;
    const again = await handleRegistryCommand({ type: 'register', instance: web('a') }, request, deps);
    expect(again).toEqual({ record: { instance: web('a'), lastSeen: clock } }); // a heartbeat, no event
    await handleRegistryCommand({ type: 'register', instance: web('a', { port: 9090 }) }, request, deps);
    await handleRegistryCommand({ type: 'deregister', key: web('a') }, request, deps);
    expect((await events()).map((e) => [e.version, e.type, e.instance.port])).toEqual([
      [1, 'InstanceRegistered', 8080],
      [2, 'InstanceRegistered', 9090],
      [3, 'InstanceDeregistered', 9090],
    ]);
    expect((await store.loadInstance(web('a'))).record).toBeUndefined();
  });

  it('refuses an append at a stream version that has moved, writing nothing', async () => {
    const view = await store.loadInstance(web('b'));
    await handleRegistryCommand({ type: 'register', instance: web('b') }, request, deps);
    const event = { type: 'InstanceRegistered' as const, instance: web('b', { port: 1 }), actor: 'x', requestId: 'y', at: clock };
    expect(await store.append({ expectedVersion: view.version, event, lastSeen: clock })).toBe('conflict');
    expect((await store.loadInstance(web('b'))).record?.instance.port).toBe(8080);
  });

  it('keeps concurrent registrations of one service in one gapless stream', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => handleRegistryCommand({ type: 'register', instance: web(`c${i}`) }, request, deps)));
    const stream = await events('web');
    expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
    const listed = await store.listInstances({ namespace: 'shop.local', service: 'web' }, { limit: 100 });
    expect(listed.items.map((r) => r.instance.instanceId)).toEqual(['b', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });

  it('pages instances and services in name order', async () => {
    const first = await store.listInstances({ namespace: 'shop.local', service: 'web' }, { limit: 4 });
    const second = await store.listInstances({ namespace: 'shop.local', service: 'web' }, { limit: 100, ...(first.lastName ? { after: first.lastName } : {}) });
    expect([...first.items, ...second.items].map((r) => r.instance.instanceId)).toEqual(['b', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(second.lastName).toBeUndefined();
    await handleRegistryCommand({ type: 'register', instance: { ...web('z'), service: 'api' } }, request, deps);
    expect((await store.listServices({ limit: 10 })).items).toEqual([{ namespace: 'shop.local', service: 'api' }, { namespace: 'shop.local', service: 'web' }]);
  });

  it('refreshes lastSeen on a heartbeat without an event, and answers 404 for an unknown instance', async () => {
    const before = (await events()).length;
    clock += 5000;
    expect((await heartbeat(web('b'), deps)).lastSeen).toBe(clock);
    expect((await events()).length).toBe(before);
    await expect(heartbeat(web('nobody'), deps)).rejects.toSatisfy((e) => e instanceof ApiError && e.type === 'NotFoundException');
  });

  it('lets a heartbeat that lands between the sweeper\'s read and its append keep the instance', async () => {
    await handleRegistryCommand({ type: 'register', instance: web('d', { ttlSeconds: 5 }) }, request, deps);
    clock += 10_000;
    // The sweeper's store sees the heartbeat arrive right after its read.
    const racing: RegistryStore = {
      ...store,
      async loadInstance(key) {
        const view = await store.loadInstance(key);
        if (key.instanceId === 'd') await store.heartbeat(key, clock);
        return view;
      },
    };
    const outcome = await handleRegistryCommand({ type: 'expire', key: web('d') }, request, { ...deps, registry: racing, maxAttempts: 1 }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ApiError); // its one attempt conflicted
    expect((await store.loadInstance(web('d'))).record?.lastSeen).toBe(clock);
    // Decided again on a fresh read, the instance is in time: nothing expires.
    expect(await handleRegistryCommand({ type: 'expire', key: web('d') }, request, deps)).toMatchObject({ record: { lastSeen: clock } });
  });

  it('sweeps exactly the instances whose ttl passed without a heartbeat', async () => {
    await handleRegistryCommand({ type: 'register', instance: web('e', { ttlSeconds: 5 }) }, request, deps);
    await handleRegistryCommand({ type: 'register', instance: web('f', { ttlSeconds: 60 }) }, request, deps);
    clock += 6000;
    await heartbeat(web('d'), deps);
    const expired = await sweepExpiredInstances(request, deps);
    // b and c* have 30 s ttls last seen well within them; d just beat; f has a minute.
    expect(expired.map((k) => k.instanceId)).toEqual(['e']);
    expect((await events()).at(-1)).toMatchObject({ type: 'InstanceExpired', instance: web('e', { ttlSeconds: 5 }) });
    clock += 60_000;
    expect((await sweepExpiredInstances(request, deps)).map((k) => `${k.service}/${k.instanceId}`).sort()).toEqual(
      ['api/z', 'web/b', 'web/c0', 'web/c1', 'web/c2', 'web/c3', 'web/c4', 'web/c5', 'web/c6', 'web/c7', 'web/d', 'web/f'],
    );
  });
});
