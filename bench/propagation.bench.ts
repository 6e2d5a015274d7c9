// `npm run bench:propagation`: 1,000 agents' worth of snapshot subscribers
// (real HTTP long polls with If-None-Match, in this process) against `weft up`
// with a mesh of 200 virtual nodes; the time from UpdateRoute returning to
// every affected subscriber holding the new version. Then one real agent
// process (`bin/weft-agent`): its RSS and idle CPU. Appends a dated section to bench/RESULTS.md.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppMeshClient, CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, CreateVirtualServiceCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { startLocalStack } from '../functions/local/localStack.js';
import { typeUrls } from '../core/projection/envoy/typeUrls.js';
import type { SotwStream } from '../test/xds/adsClient.js';
import { ack, AdsStream } from '../test/xds/adsClient.js';
import { buildAgentBundle, startAgentProcess } from '../test/support/agentProcess.js';

const NODES = 200;
const SUBSCRIBERS = 1000;
const SERVICES = 40; // each behind a router with one weighted route to two nodes
const BACKENDS = 5;
const UPDATES = 20;
const mesh = 'propagation';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const svc = (i: number) => `svc-${i}.prop.local`;
const routeSpec = (router: number, weight: number) => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: `node-${(router * 2) % NODES}`, weight }, { virtualNode: `node-${(router * 2 + 1) % NODES}`, weight: 100 - weight }] } },
});

interface Subscriber { node: number; version?: string; seen: Map<string, number> }

async function main(): Promise<void> {
  const stack = await startLocalStack({ inMemory: true, port: 0 });
  const stopSignals = () => void stack.stop().then(() => process.exit(130));
  process.once('SIGINT', stopSignals);
  let stopping = false;
  try {
    const sdk = new AppMeshClient({ endpoint: stack.url, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
    await sdk.send(new CreateMeshCommand({ meshName: mesh }));
    const listener = { portMapping: { port: 8080, protocol: 'http' as const } };
    for (let i = 0; i < NODES; i++) {
      const backends = Array.from({ length: BACKENDS }, (_, b) => ({ virtualService: { virtualServiceName: svc((i + b) % SERVICES) } }));
      await sdk.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: `node-${i}`, spec: { listeners: [listener], serviceDiscovery: { dns: { hostname: `node-${i}.prop.local` } }, backends } }));
    }
    for (let r = 0; r < SERVICES; r++) {
      await sdk.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: `router-${r}`, spec: { listeners: [listener] } }));
      await sdk.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName: `router-${r}`, routeName: 'split', spec: routeSpec(r, 50) }));
      await sdk.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: svc(r), spec: { provider: { virtualRouter: { virtualRouterName: `router-${r}` } } } }));
    }

    // 1,000 long-polling subscribers, five per node, as agents would poll.
    const subscribers: Subscriber[] = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ node: i % NODES, seen: new Map() }));
    const poll = async (s: Subscriber) => {
      while (!stopping) {
        try {
          const response = await fetch(`${stack.url}/v1/meshes/${mesh}/virtualNodes/node-${s.node}/snapshot?wait=20`, { headers: s.version ? { 'if-none-match': `"${s.version}"` } : {} });
          if (response.status === 200) {
            const { version } = (await response.json()) as { version: string };
            s.version = version;
            s.seen.set(version, performance.now());
          } else {
            await response.body?.cancel();
            if (response.status !== 304) await new Promise((r) => setTimeout(r, 200));
          }
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    const loops = subscribers.map(poll);
    const settle = async () => {
      for (let quiet = 0; quiet < 20; ) {
        const before = subscribers.map((s) => s.version).join();
        await new Promise((r) => setTimeout(r, 100));
        quiet = subscribers.every((s) => s.version) && before === subscribers.map((s) => s.version).join() ? quiet + 1 : 0;
      }
    };
    await settle();

    const delays: number[] = [];
    let affectedTotal = 0;
    for (let u = 0; u < UPDATES; u++) {
      const router = u % SERVICES;
      const affected = subscribers.filter((s) => Array.from({ length: BACKENDS }, (_, b) => (s.node + b) % SERVICES).includes(router));
      const before = new Map(affected.map((s) => [s, s.version]));
      await sdk.send(new UpdateRouteCommand({ meshName: mesh, virtualRouterName: `router-${router}`, routeName: 'split', spec: routeSpec(router, 10 + u) }));
      const returned = performance.now();
      const deadline = returned + 10_000;
      while (affected.some((s) => s.version === before.get(s)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      for (const s of affected) {
        const at = s.version && s.version !== before.get(s) ? s.seen.get(s.version) : undefined;
        delays.push(at === undefined ? Number.POSITIVE_INFINITY : Math.max(0, at - returned));
      }
      affectedTotal += affected.length;
      await settle();
    }

    const agent = await measureAgent(stack.url);
    stopping = true;
    const rows = [
      ['Subscribers (HTTP long polls)', `${SUBSCRIBERS} over ${NODES} nodes`, '-'],
      ['UpdateRoute -> affected subscriber holds new version', `p50 ${percentile(delays, 50).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, max ${Math.max(...delays).toFixed(0)} ms (${UPDATES} updates, ${affectedTotal} deliveries)`, 'p99 <= 1 s'],
      ['One `bin/weft-agent` process with one ADS client: peak RSS over 20 s idle, from 20 s after start', `${agent.rssMb.toFixed(1)} MB`, '<= 60 MB'],
      ['The same agent: CPU over those 20 s', `${agent.cpuPercent.toFixed(2)} % of one core`, '~0'],
    ];
    const table = ['| Measure | Result | Target |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    console.log(table);
    await appendFile(new URL('./RESULTS.md', import.meta.url), `\n## Propagation — ${new Date().toISOString()}\n\nCommand: \`npm run bench:propagation\`  \nMachine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? ''}, Node ${process.version}; subscribers, API, projector and DynamoDB Local all on this machine\n\n${table}\n`);
    sdk.destroy();
    void loops;
  } finally {
    stopping = true;
    await stack.stop();
  }
  process.exit(0);
}

/**
 * Starts the agent as hosts run it (`bin/weft-agent`, the bundle built on
 * `npm install`, rebuilt here so it is current) for node-0, with one ADS
 * client that has subscribed to the listeners and ACKed them; once start-up
 * work is over (V8's memory reducer runs a few seconds in), reads /proc for its
 * CPU and its peak RSS over 20 idle seconds.
 */
async function measureAgent(controlPlane: string): Promise<{ rssMb: number; cpuPercent: number }> {
  await buildAgentBundle();
  const dir = await mkdtemp(join(tmpdir(), 'weft-bench-agent-'));
  const { child, port } = await startAgentProcess('bin/weft-agent', ['--node', `mesh/${mesh}/virtualNode/node-0`, '--control-plane', controlPlane, '--xds-address', '127.0.0.1:0', '--cache-dir', dir]);
  let ads: SotwStream | undefined;
  try {
    ads = AdsStream.sotw(port);
    ads.send({ node: { id: `mesh/${mesh}/virtualNode/node-0` }, typeUrl: typeUrls.listener, resourceNames: [] });
    ads.send(ack(await ads.next(20_000)));
    await new Promise((r) => setTimeout(r, 20_000));
    const ticks = async () => {
      const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
    };
    const rssKb = async () => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
    const t0 = await ticks();
    let peakKb = 0;
    for (let second = 0; second < 20; second++) {
      peakKb = Math.max(peakKb, await rssKb());
      await new Promise((r) => setTimeout(r, 1000));
    }
    const cpuPercent = ((await ticks()) - t0) / 20; // ticks per second over 20 s = percent of a core
    return { rssMb: Math.max(peakKb, await rssKb()) / 1024, cpuPercent };
  } finally {
    ads?.close();
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
