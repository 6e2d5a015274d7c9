// The agent as hosts run it: `bin/weft-agent` launching the bundle that
// `npm install` builds, copied away from the repository so nothing can come
// from node_modules. It must fetch its node's snapshot, serve it over ADS to a
// real gRPC client, and stop cleanly on SIGTERM.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { CreateMeshCommand, CreateVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { typeUrls } from '../../core/projection/envoy/typeUrls.js';
import { AdsStream, names } from '../xds/adsClient.js';
import type { AgentProcess } from '../support/agentProcess.js';
import { buildAgentBundle, startAgentProcess } from '../support/agentProcess.js';
import { appMeshClient, startTestStack } from '../support/stack.js';

describe('the bundled agent (bin/weft-agent)', () => {
  let stack: LocalStack;
  let dir: string;
  let agent: AgentProcess | undefined;
  const mesh = `bundle-${process.pid}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weft-agent-bundle-'));
    await mkdir(join(dir, 'bin'));
    await copyFile('bin/weft-agent', join(dir, 'bin/weft-agent'));
    await buildAgentBundle(join(dir, 'dist/weft-agent.mjs'));
    stack = await startTestStack('agent-bundle');
    const sdk = appMeshClient(stack);
    await sdk.send(new CreateMeshCommand({ meshName: mesh }));
    await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'web', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'web.local' } } } }));
  }, 60_000);

  afterAll(async () => {
    if (agent && agent.exitCode === null) agent.kill('SIGKILL');
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves its node’s listeners over ADS and exits 0 on SIGTERM', async () => {
    const started = await startAgentProcess(join(dir, 'bin/weft-agent'), ['--node', `mesh/${mesh}/virtualNode/web`, '--control-plane', stack.url, '--xds-address', '127.0.0.1:0', '--cache-dir', join(dir, 'cache'), '--poll-interval', '0.2'], dir);
    agent = started.child;
    const { port } = started;

    const ads = AdsStream.sotw(port);
    try {
      ads.send({ node: { id: `mesh/${mesh}/virtualNode/web` }, typeUrl: typeUrls.listener, resourceNames: [] });
      const response = await ads.next(15_000);
      expect(response.typeUrl).toBe(typeUrls.listener);
      expect(names(response)).toContain('lds_ingress_0.0.0.0_15000');
    } finally {
      ads.close();
    }

    agent.kill('SIGTERM');
    const [code] = await once(agent, 'exit');
    expect(code).toBe(0);
  }, 60_000);
});
