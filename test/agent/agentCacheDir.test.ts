// `weft-agent --envoy ... --cache-dir <dir>` on a fresh host, where nothing has
// made the cache dir yet: the agent process (from source, through tsx) must
// write Envoy's bootstrap there and start the fake Envoy on it.
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentProcess } from '../support/agentProcess.js';
import { startAgentProcess } from '../support/agentProcess.js';
import { alive, eventually, fakeEnvoyPath } from './fakeEnvoy.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const dirs: string[] = [];
const agents: AgentProcess[] = [];
const recordFiles: string[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) if (agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
  // A fake Envoy outlives a killed agent: take it down by the pid it recorded.
  for (const file of recordFiles.splice(0)) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const { pid } = JSON.parse(line) as { pid: number };
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('weft-agent --envoy', () => {
  it('creates a cache dir that does not exist yet and starts Envoy on the bootstrap it writes there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-agent-cache-'));
    dirs.push(dir);
    const cacheDir = join(dir, 'fresh', 'host', 'cache');
    const recordFile = join(dir, 'envoy-record.jsonl');
    recordFiles.push(recordFile);
    // Envoy as the agent will run it: the fake, recording what happens and exiting once drained.
    const envoy = join(dir, 'envoy');
    writeFileSync(envoy, `#!/bin/sh\nexec "${process.execPath}" "${fakeEnvoyPath}" "$@" --record "${recordFile}" --exit-after-drain-ms 0\n`, { mode: 0o755 });
    const launcher = join(dir, 'weft-agent');
    writeFileSync(launcher, `exec "${process.execPath}" --import tsx "${join(root, 'proxy-agent/main.ts')}" "$@"\n`);
    const adminPort = await freePort();
    // Nothing listens on the control plane: the agent starts anyway and keeps trying.
    const controlPlane = `http://127.0.0.1:${await freePort()}`;

    const { child } = await startAgentProcess(launcher, [
      '--node', 'mesh/shop/virtualNode/cart-v1', '--control-plane', controlPlane, '--xds-address', '127.0.0.1:0',
      '--cache-dir', cacheDir, '--envoy', envoy, '--admin-port', String(adminPort), '--region', 'us-east-1',
    ], root);
    agents.push(child);
    const events = () => (existsSync(recordFile) ? readFileSync(recordFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; argv?: string[]; nodeId?: string }) : []);
    await eventually(() => events().some((e) => e.event === 'listening'), 15_000);

    const bootstrapPath = join(cacheDir, 'envoy-bootstrap.yaml');
    const start = events().find((e) => e.event === 'start');
    expect(start?.argv?.slice(0, 2)).toEqual(['-c', bootstrapPath]);
    expect(start?.nodeId).toBe('mesh/shop/virtualNode/cart-v1');
    expect(JSON.parse(readFileSync(bootstrapPath, 'utf8'))).toMatchObject({ admin: { address: { socket_address: { port_value: adminPort } } } });

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 40_000);
});
