// Granted = needed, against DynamoDB Local: every adapter runs with only the
// actions its *Actions.ts declares (actionGuard.ts refuses anything else, as
// IAM would), through the store contract and the projector's real flows; and
// every declared action is used by some flow, so no grant is dead weight.
import { describe, expect, inject, it } from 'vitest';
import type { MethodActions } from '../../core/adapters/dynamodb/dynamoActions.js';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import { dynamoMeshStoreActions } from '../../core/adapters/dynamodb/dynamoMeshStoreActions.js';
import { dynamoProjectionStore } from '../../core/adapters/dynamodb/dynamoProjectionStore.js';
import { dynamoProjectionStoreActions } from '../../core/adapters/dynamodb/dynamoProjectionStoreActions.js';
import { registryDynamoFeed } from '../../core/adapters/dynamodb/registryDynamoFeed.js';
import { registryDynamoFeedActions } from '../../core/adapters/dynamodb/registryDynamoFeedActions.js';
import { registryDynamoStore } from '../../core/adapters/dynamodb/registryDynamoStore.js';
import { registryDynamoStoreActions } from '../../core/adapters/dynamodb/registryDynamoStoreActions.js';
import type { MeshStore } from '../../core/application/meshStore.js';
import type { AgentReportStore, ProjectionStore, SnapshotReader } from '../../core/application/projectorPorts.js';
import { createProjector } from '../../core/application/projector.js';
import type { RegistryDeps } from '../../core/application/registryCommands.js';
import { handleRegistryCommand } from '../../core/application/registryCommands.js';
import { sweepExpiredInstances } from '../../core/application/registrySweeper.js';
import type { RegistryFeed } from '../../core/application/registryFeed.js';
import type { RegistryStore } from '../../core/application/registryStore.js';
import type { Instance } from '../../core/domain/registry/instance.js';
import { registryStreamOf } from '../../core/domain/registry/instance.js';
import { documentClient, dynamoClient } from '../../functions/shared/dynamoClients.js';
import { create, id, projectorHarness, update } from '../projection/projectorHarness.js';
import { freshTables } from '../support/tables.js';
import { AccessDeniedException, actionGuard, sortedDeclaration } from './actionGuard.js';
import { apply, applyAll, create as createResource, dependentOf, mesh, node, prepare, route, routeTo, router } from './contractCommits.js';
import { meshStoreContract } from './meshStoreContract.js';

const guarded = (tables: TableNames) => actionGuard(inject('dynamodbEndpoint'), tables);

// Used ⊆ declared: the whole store contract, with the store refused whatever it did not declare.
meshStoreContract('dynamoMeshStore holding only its declared DynamoDB actions', async () => {
  const { tables, drop } = await freshTables('iam-contract');
  const guard = guarded(tables);
  const store = () => guard.guard<MeshStore>('meshStore', dynamoMeshStore({ client: guard.client, tables, now: () => Date.now() }), dynamoMeshStoreActions);
  return { store: store(), another: store, cleanup: () => (guard.destroy(), drop()) };
});

describe('DynamoDB actions declared by the adapters', () => {
  it('refuses a call the method did not declare, as IAM would', async () => {
    const { tables, drop } = await freshTables('iam-deny');
    const guard = guarded(tables);
    try {
      // A getResource declared as if it needed only Query: its BatchGetItem is refused.
      const store = guard.guard<MeshStore>('meshStore', dynamoMeshStore({ client: guard.client, tables, now: () => Date.now() }), { ...dynamoMeshStoreActions, getResource: { state: ['Query'] } });
      await expect(store.getResource(mesh())).rejects.toThrow(AccessDeniedException);
      await expect(store.getResource(mesh())).rejects.toThrow('meshStore.getResource is not declared to call dynamodb:BatchGetItem on state');
    } finally {
      guard.destroy();
      await drop();
    }
  });

  it('dynamoMeshStore: every declared action is used by writes, reads, idempotent retries and deletes', async () => {
    const { tables, drop } = await freshTables('iam-mesh');
    const guard = guarded(tables);
    try {
      const store = guard.guard<MeshStore>('meshStore', dynamoMeshStore({ client: guard.client, tables, now: () => Date.now() }), dynamoMeshStoreActions);
      await applyAll(store, createResource(mesh()), createResource(router('vr')), createResource(node('web')), createResource(node('api')));
      const withToken = await prepare(store, createResource(route('vr', 'r1'), routeTo('web')), { clientToken: 'tok-1' });
      expect(await store.append(withToken.commit)).toBe('appended');
      expect(await apply(store, { type: 'update', id: route('vr', 'r1'), spec: routeTo('api') })).toBe('appended'); // a reference dropped, one added
      expect(await dependentOf(store, node('api'))).toEqual(route('vr', 'r1'));
      expect(await apply(store, { type: 'delete', id: route('vr', 'r1') })).toBe('appended');
      expect((await store.priorRequest('tok-1'))?.requestHash).toBe('hash-of-create');
      expect(await store.getResource(node('web'))).toBeDefined();
      expect((await store.listResources({ kind: 'virtualNode', mesh: 'demo' }, { limit: 10 })).items).toHaveLength(2);
      expect(await store.readEvents('demo', 0, 100)).toHaveLength(7);

      expect(guard.used('meshStore')).toEqual(sortedDeclaration(dynamoMeshStoreActions));
    } finally {
      guard.destroy();
      await drop();
    }
  });

  it('registryDynamoStore: registrations, heartbeats, deregistrations and the sweep use exactly what it declares', async () => {
    const { tables, drop } = await freshTables('iam-registry');
    const guard = guarded(tables);
    try {
      const registry = guard.guard<RegistryStore>('registry', registryDynamoStore(guard.client, tables), registryDynamoStoreActions);
      let clock = Date.UTC(2026, 0, 1);
      const deps: RegistryDeps = { registry, now: () => clock, backoff: async () => undefined };
      const request = { requestId: 'r', actor: 'test' };
      const web = (instanceId: string, port = 8080): Instance => ({ namespace: 'shop.local', service: 'web', instanceId, ipv4: '10.0.0.1', port, attributes: {}, ttlSeconds: 30 });

      await handleRegistryCommand({ type: 'register', instance: web('a') }, request, deps); // the service's head is put
      await handleRegistryCommand({ type: 'register', instance: web('b') }, request, deps); // the head is updated
      await handleRegistryCommand({ type: 'register', instance: web('b') }, request, deps); // unchanged: a heartbeat
      await handleRegistryCommand({ type: 'deregister', key: web('a') }, request, deps);
      clock += 120_000;
      expect(await sweepExpiredInstances(request, deps)).toEqual([{ namespace: 'shop.local', service: 'web', instanceId: 'b' }]);

      expect(guard.used('registry')).toEqual(sortedDeclaration(registryDynamoStoreActions));
    } finally {
      guard.destroy();
      await drop();
    }
  });

  it('dynamoProjectionStore and registryDynamoFeed: the projector, agents and the status view use exactly what they declare', async () => {
    const h = await projectorHarness('iam-projector');
    const http8080 = [{ portMapping: { port: 8080, protocol: 'http' } }];
    const cartDiscovery = { awsCloudMap: { namespaceName: 'shop.local', serviceName: 'cart' } };
    await h.run(create(id('mesh', 'shop', 'shop')));
    await h.run(create(id('virtualNode', 'shop', 'cart'), { listeners: http8080, serviceDiscovery: cartDiscovery }));
    await h.run(create(id('virtualService', 'shop', 'cart.shop.local'), { provider: { virtualNode: { virtualNodeName: 'cart' } } }));
    await h.run(create(id('virtualNode', 'shop', 'web'), { listeners: http8080, serviceDiscovery: { dns: { hostname: 'web.shop.local' } }, backends: [{ virtualService: { virtualServiceName: 'cart.shop.local' } }] }));
    await h.run(create(id('virtualNode', 'shop', 'admin'), { listeners: http8080, serviceDiscovery: { dns: { hostname: 'admin.shop.local' } } }));
    const plain = dynamoClient(h.config);
    const registry: RegistryDeps = { registry: registryDynamoStore(documentClient(plain), h.config.tables), now: () => Date.now(), backoff: async () => undefined };
    const cart = (instanceId: string): Instance => ({ namespace: 'shop.local', service: 'cart', instanceId, ipv4: '10.0.0.9', port: 8080, attributes: {}, ttlSeconds: 30 });
    const cartStream = registryStreamOf({ namespace: 'shop.local', service: 'cart' });
    const guard = guarded(h.config.tables);
    try {
      const client = guard.client;
      const adapter = dynamoProjectionStore(client, h.config.tables);
      const projection = guard.guard<ProjectionStore>('projection', adapter, dynamoProjectionStoreActions.projection);
      const reader = guard.guard<SnapshotReader>('reader', adapter, dynamoProjectionStoreActions.snapshotReader);
      const reports = guard.guard<AgentReportStore>('reports', adapter, dynamoProjectionStoreActions.agentReports);
      const feed = guard.guard<RegistryFeed>('feed', registryDynamoFeed(client, h.config.tables), registryDynamoFeedActions);
      const meshStream = await h.streamOf('shop');

      await handleRegistryCommand({ type: 'register', instance: cart('c1') }, { requestId: 'r', actor: 'test' }, registry);
      const projector = createProjector(projection, feed);
      await projector.projectStream(meshStream); // a cold start: the mesh from state, snapshots written, the registry subscribed
      await handleRegistryCommand({ type: 'register', instance: cart('c2') }, { requestId: 'r', actor: 'test' }, registry);
      await createProjector(projection, feed).nudge(cartStream); // another process hears of the registry through the subscription
      await h.run(update(id('virtualNode', 'shop', 'cart'), { listeners: http8080, serviceDiscovery: { dns: { hostname: 'cart.shop.local' } } }));
      await h.run({ type: 'delete', id: id('virtualNode', 'shop', 'admin') });
      await projector.nudge(meshStream); // the events after the checkpoint: a snapshot deleted, the registry unsubscribed

      expect((await reader.getSnapshot('shop', 'virtualNode/web'))?.version).toBeDefined();
      await reports.putAgentReport('shop', { target: 'virtualNode/web', agentId: 'host-1', reportedAt: Date.now(), report: { proxies: [] } });
      expect((await reports.meshReports('shop')).reports).toHaveLength(1);

      const declared = <Port>(port: MethodActions<Port>) => sortedDeclaration(port);
      expect(guard.used('projection')).toEqual(declared(dynamoProjectionStoreActions.projection));
      expect(guard.used('reader')).toEqual(declared(dynamoProjectionStoreActions.snapshotReader));
      expect(guard.used('reports')).toEqual(declared(dynamoProjectionStoreActions.agentReports));
      expect(guard.used('feed')).toEqual(declared(registryDynamoFeedActions));
    } finally {
      guard.destroy();
      plain.destroy();
    }
  });
});
