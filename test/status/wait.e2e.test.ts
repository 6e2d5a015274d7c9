// Knowing when a change has landed, with real parts: the unmodified AWS SDK
// changes the mesh on the local control plane and reads the mesh version from
// the answer's header; `weft agent` (in process) serves the node over ADS to
// real gRPC client streams that ACK or NACK like Envoy; and `weft status
// --wait`, run as the CLI, blocks until they run it or names who is behind.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MeshStatus } from '../../core/application/proxyStatus.js';
import { resourceName } from '../../core/projection/compile/envoyConfig.js';
import { typeUrls } from '../../core/projection/envoy/typeUrls.js';
import { freePort } from '../../functions/local/freePort.js';
import type { LocalStack } from '../../functions/local/localStack.js';
import type { Agent } from '../../proxy-agent/agent.js';
import { startAgent } from '../../proxy-agent/agent.js';
import { eventually } from '../agent/meshTraffic.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { AdsStream, ack, nack } from '../xds/adsClient.js';

const mesh = 'shop';
const nodeId = `mesh/${mesh}/virtualNode/client`;
const route = (weights: Record<string, number>): RouteSpec => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight })) } },
});
const httpNode = (port: number) => ({ listeners: [{ portMapping: { port, protocol: 'http' as const } }], serviceDiscovery: { dns: { hostname: '127.0.0.1' } } });

/** `weft status ...` as a user runs it: its exit code and output. */
function weftStatus(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/weft.mjs', 'status', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(killer), resolve({ code, stdout, stderr }))));
}

/**
 * A proxy on one ADS stream, as Envoy subscribes: clusters and listeners by
 * wildcard, the route configs by name. It ACKs every response, or with
 * `refuseUpdates` ACKs the first of each type and NACKs every later one.
 */
function connectProxy(port: number, routeNames: readonly string[], refuseUpdates = false) {
  const stream = AdsStream.sotw(port);
  const accepted = new Map<string, string>();
  const names = (typeUrl: string) => (typeUrl === typeUrls.route ? [...routeNames] : []);
  let open = true;
  stream.send({ node: { id: nodeId }, typeUrl: typeUrls.cluster });
  stream.send({ node: { id: nodeId }, typeUrl: typeUrls.listener });
  stream.send({ node: { id: nodeId }, typeUrl: typeUrls.route, resourceNames: [...routeNames] });
  const pump = (async () => {
    while (open) {
      const response = await stream.next(500).catch(() => undefined);
      if (!response) continue;
      const kept = accepted.get(response.typeUrl);
      if (refuseUpdates && kept !== undefined) stream.send(nack(response, kept, 'refused by the test proxy', names(response.typeUrl)));
      else {
        accepted.set(response.typeUrl, response.versionInfo);
        stream.send(ack(response, names(response.typeUrl)));
      }
    }
  })();
  return {
    async close() {
      open = false;
      await pump;
      stream.close();
    },
  };
}

describe('weft status --wait: a change is known to have landed when every proxy runs it', () => {
  let stack: LocalStack;
  let sdk: ReturnType<typeof appMeshClient>;
  let agent: Agent;
  let cacheDir: string;
  const answers: Record<string, string>[] = [];
  const proxies: ReturnType<typeof connectProxy>[] = [];
  const status = async (version?: number) => (await (await fetch(`${stack.url}/v1/meshes/${mesh}/status${version ? `?version=${version}` : ''}`)).json()) as MeshStatus;
  const routeNames = () => (agent.current()?.resources.route ?? []).map(resourceName);
  /** UpdateRoute through the SDK; the mesh version its answer's header says it made. */
  const updateRoute = async (spec: RouteSpec): Promise<number> => {
    answers.length = 0;
    await sdk.send(new UpdateRouteCommand({ meshName: mesh, virtualRouterName: 'cart', routeName: 'split', spec }));
    return Number(answers[0]?.['x-weft-mesh-version']);
  };

  beforeAll(async () => {
    stack = await startTestStack('wait');
    sdk = appMeshClient(stack);
    sdk.middlewareStack.add((next) => async (args) => {
      const out = await next(args);
      answers.push((out.response as { headers?: Record<string, string> }).headers ?? {});
      return out;
    }, { step: 'deserialize', name: 'readAnswerHeaders' });
    cacheDir = await mkdtemp(join(tmpdir(), 'weft-wait-'));
    await sdk.send(new CreateMeshCommand({ meshName: mesh }));
    for (const [name, port] of [['cart-v1', 9001], ['cart-v2', 9002]] as const) await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: name, spec: httpNode(port) }));
    await sdk.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'cart', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } }));
    await sdk.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'cart', routeName: 'split', spec: route({ 'cart-v1': 90, 'cart-v2': 10 }) }));
    await sdk.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'cart.shop.local', spec: { provider: { virtualRouter: { virtualRouterName: 'cart' } } } }));
    await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'client', spec: { ...httpNode(8080), backends: [{ virtualService: { virtualServiceName: 'cart.shop.local' } }] } }));
    agent = await startAgent({ identity: { mesh, kind: 'virtualNode', name: 'client' }, controlPlane: stack.url, xdsAddress: `127.0.0.1:${await freePort()}`, pollIntervalMs: 200, cacheDir, region: 'us-east-1', statusIntervalMs: 200, log: () => undefined });
    await eventually(async () => agent.current(), (snapshot) => snapshot !== undefined, 20_000);
  }, 90_000);

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  afterAll(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
    await agent?.stop();
    sdk?.destroy();
    await stack?.stop();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('answers a change with the mesh version it made, and waits until the agent\'s proxy runs that version', async () => {
    proxies.push(connectProxy(agent.xdsPort, routeNames()));
    const before = await status();
    const version = await updateRoute(route({ 'cart-v1': 50, 'cart-v2': 50 }));
    expect(version).toBe(before.head + 1);

    const waited = await weftStatus(['--mesh', mesh, '--control-plane', stack.url, '--wait', '--version', String(version), '--timeout', '60']);
    expect(waited.stderr).toBe('');
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain(`mesh ${mesh} version ${version}: projected, and running on all 1 connected proxy`);

    const landed = await status(version);
    expect(landed).toMatchObject({ head: version, version, converged: true, laggards: [] });
    expect(landed.projected).toBeGreaterThanOrEqual(version);
    const client = landed.proxies.find((t) => t.target === 'virtualNode/client');
    expect(client?.proxies).toEqual([expect.objectContaining({ nodeId, hasVersion: true, runningVersion: agent.current()?.version })]);
  }, 120_000);

  it('times out non-zero naming the proxy that NACKs the change', async () => {
    proxies.push(connectProxy(agent.xdsPort, routeNames(), true));
    await eventually(status, (s) => s.proxies.some((t) => t.connected === 1), 10_000);
    const version = await updateRoute(route({ 'cart-v1': 20, 'cart-v2': 80 }));

    const waited = await weftStatus(['--mesh', mesh, '--control-plane', stack.url, '--wait', '--version', String(version), '--timeout', '4']);
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain(`mesh ${mesh} version ${version} has not landed after 4 s`);
    expect(waited.stderr).toMatch(new RegExp(`virtualNode/client agent ${agent.agentId} proxy ${nodeId}: NACKed RouteConfiguration .*refused by the test proxy`));
  }, 120_000);

  it('answers 404 NotFoundException for the status of a mesh that does not exist', async () => {
    const response = await fetch(`${stack.url}/v1/meshes/no-such-mesh/status`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(((await response.json()) as { message: string }).message).toBe("Mesh 'no-such-mesh' does not exist.");
  });

  it('answers the mesh status, never a 500, when an agent reports a proxy with no fields', async () => {
    const other = 'reports';
    await sdk.send(new CreateMeshCommand({ meshName: other }));
    await sdk.send(new CreateVirtualNodeCommand({ meshName: other, virtualNodeName: 'n', spec: httpNode(8080) }));
    const url = `${stack.url}/v1/meshes/${other}`;
    const put = await fetch(`${url}/virtualNodes/n/agents/malformed`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ proxies: [{}] }) });
    expect(put.status).toBe(200);
    const read = async () => {
      const response = await fetch(`${url}/status`);
      return { code: response.status, body: (await response.json()) as MeshStatus };
    };
    const { code, body } = await eventually(read, (r) => r.code !== 200 || r.body.proxies.length > 0);
    expect(code).toBe(200);
    expect(body.proxies.find((t) => t.target === 'virtualNode/n')).toMatchObject({ agents: 1, connected: 1, converged: 0 });
    expect(body.laggards).toContainEqual({ who: 'virtualNode/n agent malformed proxy ', reason: 'has no config yet' });
  });
});
