// The whole path, with real parts: the AWS SDK changes the mesh on `weft up`,
// the projector compiles the client node's snapshot, `weft agent` serves it
// over ADS, and @grpc/grpc-js-xds routes real RPCs the way the mesh says.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpcXds from '@grpc/grpc-js-xds';
import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand, DeleteRouteCommand, ListRoutesCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import type { Agent } from '../../proxy-agent/agent.js';
import { startAgent } from '../../proxy-agent/agent.js';
import { freePort } from '../../functions/local/freePort.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import type { EchoClient } from './meshTraffic.js';
import { echoClient, eventually, startBackend, tally } from './meshTraffic.js';

const mesh = 'shop';
const service = 'echo.shop.local';
const echo = 'weft.test.echo.Echo';
const route = (weights: Record<string, number>, extra: Partial<NonNullable<RouteSpec['grpcRoute']>> = {}, match: NonNullable<RouteSpec['grpcRoute']>['match'] = { serviceName: echo }): RouteSpec => ({
  grpcRoute: { match, action: { weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight })) }, ...extra },
});
const canary = { ...route({ v2: 100 }, {}, { serviceName: echo, metadata: [{ name: 'x-canary', match: { exact: 'yes' } }] }), priority: 1 };
type ProxyState = { agentId: string; runningVersion?: string; converged: boolean; hasVersion: boolean };
type MeshStatus = { head: number; proxies: { target: string; snapshotVersion?: string; connected: number; converged: number; nacks: number; proxies: ProxyState[] }[] };
const share = (counts: Record<string, number>, who: string) => (counts[who] ?? 0) / Object.values(counts).reduce((a, b) => a + b, 0);

describe('traffic follows the mesh through weft agent and proxyless gRPC', () => {
  let stack: LocalStack;
  let sdk: ReturnType<typeof appMeshClient>;
  let agent: Agent;
  let client: EchoClient;
  let cacheDir: string;
  let xdsPort: number;
  const backends: Awaited<ReturnType<typeof startBackend>>[] = [];
  const updateRoute = (routeName: string, spec: RouteSpec) => sdk.send(new UpdateRouteCommand({ meshName: mesh, virtualRouterName: 'echo', routeName, spec }));
  /** The client as the current agent reports it (a stopped agent's last report stays until it expires). */
  const clientProxy = (status: MeshStatus) => status.proxies.find((p) => p.target === 'virtualNode/client')?.proxies.find((p) => p.agentId === agent.agentId);
  const meshStatus = async (version?: number) => (await (await fetch(`${stack.url}/v1/meshes/${mesh}/status${version !== undefined ? `?version=${version}` : ''}`)).json()) as MeshStatus;

  /**
   * Sets the router's routes to exactly these (each test says what it needs,
   * whatever ran before it), then waits until the gRPC client runs them: the
   * agent reports it ACKed the stored snapshot, compiled from the log's head.
   */
  async function routesAre(routes: Record<string, RouteSpec>): Promise<void> {
    const existing = new Set(((await sdk.send(new ListRoutesCommand({ meshName: mesh, virtualRouterName: 'echo' }))).routes ?? []).map((r) => r.routeName));
    for (const [routeName, spec] of Object.entries(routes)) {
      if (existing.has(routeName)) await updateRoute(routeName, spec);
      else await sdk.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'echo', routeName, spec }));
    }
    for (const routeName of existing) if (routeName && !(routeName in routes)) await sdk.send(new DeleteRouteCommand({ meshName: mesh, virtualRouterName: 'echo', routeName }));
    const { head } = await meshStatus();
    const status = await eventually(() => meshStatus(head), (s) => (clientProxy(s)?.converged && clientProxy(s)?.hasVersion) === true, 20_000);
    expect(clientProxy(status), `the client does not run mesh version ${head}: ${JSON.stringify(status)}`).toMatchObject({ converged: true, hasVersion: true });
  }
  const agentOptions = () => ({ identity: { mesh, kind: 'virtualNode' as const, name: 'client' }, controlPlane: stack.url, xdsAddress: `127.0.0.1:${xdsPort}`, pollIntervalMs: 200, cacheDir, region: 'us-east-1', statusIntervalMs: 300, log: () => undefined });

  beforeAll(async () => {
    stack = await startTestStack('traffic');
    sdk = appMeshClient(stack);
    cacheDir = await mkdtemp(join(tmpdir(), 'weft-agent-'));
    const [v1, v2] = [await startBackend('v1'), await startBackend('v2')];
    backends.push(v1, v2);
    await sdk.send(new CreateMeshCommand({ meshName: mesh }));
    for (const [name, port] of [['v1', v1.port], ['v2', v2.port]] as const) {
      await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: name, spec: { listeners: [{ portMapping: { port, protocol: 'grpc' } }], serviceDiscovery: { dns: { hostname: '127.0.0.1' } } } }));
    }
    await sdk.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'echo', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'grpc' } }] } }));
    await sdk.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'echo', routeName: 'split', spec: route({ v1: 80, v2: 20 }) }));
    await sdk.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: service, spec: { provider: { virtualRouter: { virtualRouterName: 'echo' } } } }));
    await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'client', spec: { backends: [{ virtualService: { virtualServiceName: service } }] } }));

    xdsPort = await freePort();
    agent = await startAgent(agentOptions());
    process.env['GRPC_XDS_BOOTSTRAP_CONFIG'] = JSON.stringify({
      xds_servers: [{ server_uri: `127.0.0.1:${xdsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: `mesh/${mesh}/virtualNode/client`, locality: {} },
    });
    grpcXds.register();
    client = echoClient(`xds:///${service}:8080`);
    await eventually(() => tally(client, 10), (c) => (c['v1'] ?? 0) + (c['v2'] ?? 0) === 10, 20_000);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await agent?.stop();
    for (const b of backends) b.stop();
    sdk?.destroy();
    await stack?.stop();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('splits 2,000 calls 80/20 within five points', async () => {
    await routesAre({ split: route({ v1: 80, v2: 20 }) });
    const counts = await tally(client, 2000);
    expect(Object.keys(counts).filter((k) => k.startsWith('error'))).toEqual([]);
    expect(Math.abs(share(counts, 'v1') - 0.8)).toBeLessThan(0.05);
    expect(Math.abs(share(counts, 'v2') - 0.2)).toBeLessThan(0.05);
  });

  it('moves every call to v2 after UpdateRoute sets the weights to 0/100', async () => {
    await routesAre({ split: route({ v1: 100 }) });
    expect(await tally(client, 50)).toEqual({ v1: 50 });
    await updateRoute('split', route({ v1: 0, v2: 100 }));
    const counts = await eventually(() => tally(client, 200), (c) => c['v2'] === 200);
    expect(counts).toEqual({ v2: 200 });
  });

  it('sends only calls carrying the canary header to v2 when a route matches on it', async () => {
    await routesAre({ split: route({ v1: 100 }), canary });
    expect(await tally(client, 100, { 'x-canary': 'yes' })).toEqual({ v2: 100 });
    expect(await tally(client, 100)).toEqual({ v1: 100 });
    expect(await tally(client, 100, { 'x-canary': 'no' })).toEqual({ v1: 100 });
  });

  it('turns a flaky backend\'s UNAVAILABLE into success with the route\'s retry policy, and not without it', async () => {
    await routesAre({ split: route({ v1: 100 }, { retryPolicy: { maxRetries: 0, perRetryTimeout: { unit: 's', value: 2 }, grpcRetryEvents: ['unavailable'] } }) });
    backends[0]?.setFailEvery(2);
    try {
      const without = await tally(client, 100, {}, 1);
      expect(without['error:UNAVAILABLE']).toBeGreaterThan(30);

      await routesAre({ split: route({ v1: 100 }, { retryPolicy: { maxRetries: 3, perRetryTimeout: { unit: 's', value: 2 }, grpcRetryEvents: ['unavailable'] } }) });
      expect(await tally(client, 100, {}, 1)).toEqual({ v1: 100 });
    } finally {
      backends[0]?.setFailEvery(0);
    }
  });

  it('shows the client node converged in the mesh status', async () => {
    const status = await eventually(() => meshStatus(), (s) => clientProxy(s)?.converged === true);
    const clientNode = status.proxies.find((p) => p.target === 'virtualNode/client');
    if (!clientProxy(status)?.converged) console.error(JSON.stringify(status, null, 1));
    expect(clientNode).toMatchObject({ nacks: 0 });
    expect(clientNode?.converged).toBeGreaterThanOrEqual(1);
    expect(clientProxy(status)).toMatchObject({ converged: true, runningVersion: agent.current()?.version });
    expect(clientNode?.snapshotVersion).toBe(agent.current()?.version);
  });

  it('keeps traffic flowing on the cached snapshot when the agent restarts while the control plane is unreachable', async () => {
    await routesAre({ split: route({ v1: 100 }) });
    const served = agent.current()?.version;
    await agent.stop();
    // Nothing listens on port 9: to the new agent the control plane is down (the stack stays up for the other tests).
    agent = await startAgent({ ...agentOptions(), controlPlane: 'http://127.0.0.1:9' });
    try {
      expect(agent.current()?.version).toBe(served);
      const counts = await eventually(() => tally(client, 100), (c) => c['v1'] === 100, 15_000);
      expect(counts).toEqual({ v1: 100 });
    } finally {
      await agent.stop();
      agent = await startAgent(agentOptions());
    }
  });
});
