// Routes that match on the listener port alone, with real traffic: a router
// with two gRPC listeners sends each port's calls to its own backend, through
// `weft agent` and proxyless gRPC dialing the service at each port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpcXds from '@grpc/grpc-js-xds';
import { CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { freePort } from '../../functions/local/freePort.js';
import type { Agent } from '../../proxy-agent/agent.js';
import { startAgent } from '../../proxy-agent/agent.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import type { EchoClient } from './meshTraffic.js';
import { echoClient, eventually, startBackend, tally } from './meshTraffic.js';

const mesh = 'ports';
const service = 'echo.ports.local';

describe('routes matching only the listener port, with real gRPC traffic', () => {
  let stack: LocalStack;
  let sdk: ReturnType<typeof appMeshClient>;
  let agent: Agent | undefined;
  let cacheDir: string | undefined;
  const clients: EchoClient[] = [];
  const backends: Awaited<ReturnType<typeof startBackend>>[] = [];

  beforeAll(async () => {
    stack = await startTestStack('port-routes');
    sdk = appMeshClient(stack);
    cacheDir = await mkdtemp(join(tmpdir(), 'weft-agent-'));
    backends.push(await startBackend('a'), await startBackend('b'));
    await sdk.send(new CreateMeshCommand({ meshName: mesh }));
    for (const [name, backend] of [['a', backends[0]], ['b', backends[1]]] as const) {
      await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: name, spec: { listeners: [{ portMapping: { port: backend!.port, protocol: 'grpc' } }], serviceDiscovery: { dns: { hostname: '127.0.0.1' } } } }));
    }
    await sdk.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'echo', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'grpc' } }, { portMapping: { port: 9090, protocol: 'grpc' } }] } }));
    for (const [routeName, port, node] of [['to-a', 8080, 'a'], ['to-b', 9090, 'b']] as const) {
      await sdk.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: 'echo', routeName, spec: { grpcRoute: { match: { port }, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } } } }));
    }
    await sdk.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: service, spec: { provider: { virtualRouter: { virtualRouterName: 'echo' } } } }));
    await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'client', spec: { backends: [{ virtualService: { virtualServiceName: service } }] } }));

    const xdsPort = await freePort();
    agent = await startAgent({ identity: { mesh, kind: 'virtualNode', name: 'client' }, controlPlane: stack.url, xdsAddress: `127.0.0.1:${xdsPort}`, pollIntervalMs: 200, cacheDir, region: 'us-east-1', statusIntervalMs: 300, log: () => undefined });
    process.env['GRPC_XDS_BOOTSTRAP_CONFIG'] = JSON.stringify({
      xds_servers: [{ server_uri: `127.0.0.1:${xdsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: `mesh/${mesh}/virtualNode/client`, locality: {} },
    });
    grpcXds.register();
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await agent?.stop();
    for (const b of backends) b.stop();
    sdk?.destroy();
    await stack?.stop();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('sends every call to port 8080 to a and every call to port 9090 to b', async () => {
    const on8080 = echoClient(`xds:///${service}:8080`);
    const on9090 = echoClient(`xds:///${service}:9090`);
    clients.push(on8080, on9090);
    expect(await eventually(() => tally(on8080, 50), (c) => c['a'] === 50, 20_000)).toEqual({ a: 50 });
    expect(await eventually(() => tally(on9090, 50), (c) => c['b'] === 50, 20_000)).toEqual({ b: 50 });
  });
});
