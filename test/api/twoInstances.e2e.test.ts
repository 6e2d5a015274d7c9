// Two API handler instances on one DynamoDB, as two Lambda instances (or two
// `weft up` processes) run them: each has its own clients and its own cache of
// what it last read. Calls alternate between them on one mesh, over a small
// pool of names so that each keeps meeting what the other just changed, and
// every answer is checked against an instance that caches nothing.
import * as sdk from '@aws-sdk/client-app-mesh';
import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoMeshStore } from '../../core/adapters/dynamodb/dynamoMeshStore.js';
import { handleHttpRequest } from '../../core/api/handleHttpRequest.js';
import { apiDeps } from '../../functions/api/apiDeps.js';
import { fromApiGatewayEvent, toApiGatewayResult } from '../../functions/api/apiGatewayHttp.js';
import { createApiHandler } from '../../functions/api/createApiHandler.js';
import type { HttpLambda } from '../../functions/local/apiServer.js';
import { createApiServer } from '../../functions/local/apiServer.js';
import type { WeftConfig } from '../../functions/shared/config.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';
import { minimalNodeSpec, nodeProvided, prefixRouteSpec, virtualNodeSpec, virtualRouterSpec } from '../support/fixtures.js';
import type { FreshTables } from '../support/tables.js';
import { freshTables } from '../support/tables.js';

const calls = 2000;
const meshName = 'alternating';
const pool = [0, 1, 2, 3];

type Answer = { readonly ok: unknown } | { readonly error: string; readonly message: string };
interface Call {
  readonly label: string;
  readonly send: (client: AppMeshClient) => Promise<Answer>;
  /** For a write: how a fresh instance sees its result (a describe); the write itself is never sent twice once it succeeded. */
  readonly check?: (client: AppMeshClient) => Promise<Answer>;
  /** Which member of a write's output a describe of the same resource answers with. */
  readonly member?: string;
}

/** An SDK call's answer, as data: the output without its per-request metadata, or the error's type and message. */
async function answerOf(call: Promise<object>): Promise<Answer> {
  try {
    const { $metadata: _, ...output } = (await call) as { $metadata?: unknown };
    return { ok: output };
  } catch (error) {
    if (error instanceof sdk.AppMeshServiceException) return { error: error.name, message: error.message };
    throw error;
  }
}

/** A deterministic stream of picks, so a failing run can be replayed. */
function picker(seed: number) {
  let state = seed >>> 0;
  return <T>(items: readonly T[]): T => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return items[(((t ^ (t >>> 14)) >>> 0) % items.length)] as T;
  };
}

/** Every call the workload makes, by the names it touches. */
function callsOn(node: string, routeName: string, serviceName: string, other = node) {
  const m = { meshName };
  const route = { ...m, virtualRouterName: 'vr', routeName };
  const service = { ...m, virtualServiceName: serviceName };
  const describeNode = (c: AppMeshClient) => answerOf(c.send(new sdk.DescribeVirtualNodeCommand({ ...m, virtualNodeName: node })));
  const describeRoute = (c: AppMeshClient) => answerOf(c.send(new sdk.DescribeRouteCommand(route)));
  const describeService = (c: AppMeshClient) => answerOf(c.send(new sdk.DescribeVirtualServiceCommand(service)));
  return {
    createNode: { label: `create node ${node}`, send: (c) => answerOf(c.send(new sdk.CreateVirtualNodeCommand({ ...m, virtualNodeName: node, spec: minimalNodeSpec }))), check: describeNode, member: 'virtualNode' },
    updateNode: { label: `update node ${node}`, send: (c) => answerOf(c.send(new sdk.UpdateVirtualNodeCommand({ ...m, virtualNodeName: node, spec: virtualNodeSpec() }))), check: describeNode, member: 'virtualNode' },
    deleteNode: { label: `delete node ${node}`, send: (c) => answerOf(c.send(new sdk.DeleteVirtualNodeCommand({ ...m, virtualNodeName: node }))), check: describeNode },
    createRoute: { label: `create route ${routeName} -> ${node}`, send: (c) => answerOf(c.send(new sdk.CreateRouteCommand({ ...route, spec: prefixRouteSpec(node) }))), check: describeRoute, member: 'route' },
    updateRoute: { label: `update route ${routeName} -> ${other}`, send: (c) => answerOf(c.send(new sdk.UpdateRouteCommand({ ...route, spec: prefixRouteSpec(other) }))), check: describeRoute, member: 'route' },
    deleteRoute: { label: `delete route ${routeName}`, send: (c) => answerOf(c.send(new sdk.DeleteRouteCommand(route))), check: describeRoute },
    createService: { label: `create service ${serviceName} -> ${node}`, send: (c) => answerOf(c.send(new sdk.CreateVirtualServiceCommand({ ...service, spec: nodeProvided(node) }))), check: describeService, member: 'virtualService' },
    deleteService: { label: `delete service ${serviceName}`, send: (c) => answerOf(c.send(new sdk.DeleteVirtualServiceCommand(service))), check: describeService },
    describeNode: { label: `describe node ${node}`, send: describeNode },
    describeRoute: { label: `describe route ${routeName}`, send: describeRoute },
    listNodes: { label: 'list nodes', send: (c) => answerOf(c.send(new sdk.ListVirtualNodesCommand(m))) },
  } satisfies Record<string, Call>;
}

/**
 * Rounds of 15 calls, the instances taking turns (so they swap roles each
 * round): a scripted round on one set of names, in which each instance meets
 * what the other just changed (a reference that now exists, a name freed or
 * taken), then three calls picked at random over the whole pool.
 */
function* workload(pick: ReturnType<typeof picker>): Generator<Call> {
  for (let round = 0; ; round++) {
    const k = round % pool.length;
    const on = callsOn(`n${k}`, `r${k}`, `s${k}.alt.local`);
    yield* [
      on.createRoute, // X: NotFound, the node is not there yet
      on.createNode, // Y
      on.createRoute, // X: accepted now
      on.createService, // Y
      on.deleteNode, // X: ResourceInUse
      on.deleteRoute, // Y
      on.createRoute, // X: the name is free again
      on.deleteService, // Y
      on.deleteRoute, // X
      on.describeRoute, // Y
      on.deleteNode, // X
      on.createNode, // Y
    ];
    for (let i = 0; i < 3; i++) {
      const any = callsOn(`n${pick(pool)}`, `r${pick(pool)}`, `s${pick(pool)}.alt.local`, `n${pick(pool)}`);
      yield pick(Object.values(any));
    }
  }
}

/** What a fresh instance says about a call another instance answered: the same answer for a refusal or a read; for a write that succeeded, a describe showing its result. */
async function expectedOf(call: Call, got: Answer, fresh: AppMeshClient): Promise<Answer> {
  if (!call.check || 'error' in got) return call.send(fresh);
  const described = await call.check(fresh);
  if (!call.member) return 'error' in described && described.error === 'NotFoundException' ? got : described; // a delete: gone
  return 'ok' in described ? { ok: { [call.member]: (described.ok as Record<string, unknown>)[call.member] } } : described;
}

describe('the local API server', () => {
  it('hands requests to its handler instances in turn, as `weft up --api-instances` serves them', async () => {
    const served: string[] = [];
    const instance = (name: string): HttpLambda => async () => {
      served.push(name);
      return { statusCode: 200, body: name };
    };
    const server = createApiServer([instance('a'), instance('b'), instance('c')]);
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v20190125/meshes`;
      for (let i = 0; i < 7; i++) await (await fetch(url)).text();
      expect(served).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('two API instances on one DynamoDB', () => {
  let db: FreshTables;
  const servers: Server[] = [];
  const clients: AppMeshClient[] = [];

  async function serve(handler: HttpLambda, config: WeftConfig): Promise<AppMeshClient> {
    const server = createApiServer([handler]);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new sdk.AppMeshClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: config.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    clients.push(client);
    return client;
  }

  let instances: AppMeshClient[];
  let fresh: AppMeshClient;
  beforeAll(async () => {
    db = await freshTables('two-instances');
    const config: WeftConfig = { region: 'us-east-1', accountId: '000000000000', tables: db.tables, dynamodbEndpoint: inject('dynamodbEndpoint') };
    instances = [await serve(createApiHandler(config), config), await serve(createApiHandler(config), config)];
    // The reference: the same API over a store that reads DynamoDB for every decision.
    const uncached = { ...apiDeps(config), store: dynamoMeshStore({ client: documentClient(db.client), tables: db.tables, now: () => Date.now(), cacheViews: false }) };
    const log = { error: (message: string, details: Record<string, unknown>) => console.error(JSON.stringify({ message, ...details })) };
    fresh = await serve(async (event) => toApiGatewayResult(await handleHttpRequest(fromApiGatewayEvent(event), uncached, log)), config);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await db?.drop();
  });

  it(`answers ${calls} alternating calls on one mesh exactly as an instance with no cache does`, async () => {
    const [a, b] = instances as [AppMeshClient, AppMeshClient];
    await a.send(new sdk.CreateMeshCommand({ meshName }));
    await b.send(new sdk.CreateVirtualRouterCommand({ meshName, virtualRouterName: 'vr', spec: virtualRouterSpec }));
    const sequence = workload(picker(20260930));
    const mismatches: { call: number; label: string; got: Answer; expected: Answer }[] = [];
    const refusals = new Map<string, number>();
    for (let i = 0; i < calls; i++) {
      const call = sequence.next().value as Call;
      const got = await call.send(i % 2 === 0 ? a : b);
      if ('error' in got) refusals.set(got.error, (refusals.get(got.error) ?? 0) + 1);
      const expected = await expectedOf(call, got, fresh);
      if (!isDeepStrictEqual(got, expected)) mismatches.push({ call: i, label: call.label, got, expected });
    }
    console.log(JSON.stringify({ calls, mismatches: mismatches.length, refusals: Object.fromEntries(refusals) }));
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(mismatches).toHaveLength(0);
    // The workload did meet refusals of every kind it can, or it proved little.
    expect([...refusals.keys()].sort()).toEqual(['ConflictException', 'NotFoundException', 'ResourceInUseException']);
  }, 1_200_000);
});
