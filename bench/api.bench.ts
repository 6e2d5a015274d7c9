// `npm run bench:api`: App Mesh API latency and write throughput through the
// unmodified AWS SDK against the local stack (in-memory DynamoDB Local). Prints a
// markdown table and appends it, dated, to bench/RESULTS.md.
import { appendFile, readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { AppMeshClient, CreateMeshCommand, CreateRouteCommand, CreateVirtualNodeCommand, CreateVirtualRouterCommand, DescribeRouteCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../functions/local/localStack.js';
import { startLocalStack } from '../functions/local/localStack.js';

const targets = { describeP99Ms: 20, updateP99Ms: 50, updatesPerSecond: 200 };
const concurrentClients = 16;
const throughputSeconds = 10;
const maxUpdatesPerClient = 5_000;
const resultsFile = new URL('./RESULTS.md', import.meta.url);

// Profiling: the API runs in this process, so timing its DynamoDB calls splits
// each request's latency into DynamoDB Local and everything else. The projector
// shares the process and the client class; only the API touches the state table.
const dynamoTime = { totalMs: 0, stateTable: '' };
const touchesState = (input: Record<string, unknown>): boolean =>
  input['TableName'] === dynamoTime.stateTable ||
  Object.hasOwn((input['RequestItems'] as object | undefined) ?? {}, dynamoTime.stateTable) ||
  ((input['TransactItems'] as Record<string, { TableName?: string }>[] | undefined) ?? []).some((item) => Object.values(item).some((op) => op.TableName === dynamoTime.stateTable));
const send = DynamoDBDocumentClient.prototype.send;
DynamoDBDocumentClient.prototype.send = async function timedSend(this: DynamoDBDocumentClient, ...args: Parameters<typeof send>) {
  if (!touchesState(args[0].input as Record<string, unknown>)) return send.apply(this, args);
  const t0 = performance.now();
  try {
    return await send.apply(this, args);
  } finally {
    dynamoTime.totalMs += performance.now() - t0;
  }
} as typeof send;

interface Latency { readonly p50: number; readonly p99: number; readonly dynamoShare: number }

const client = (stack: LocalStack) =>
  new AppMeshClient({ endpoint: stack.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

const nodeSpec = { listeners: [{ portMapping: { port: 8080, protocol: 'http' as const } }], serviceDiscovery: { dns: { hostname: 'app.local' } } };
const routeSpec = (weight: number) => ({
  httpRoute: {
    match: { prefix: '/' },
    action: { weightedTargets: [{ virtualNode: 'blue', weight }, { virtualNode: 'green', weight: 100 - weight }] },
  },
});

/** A mesh with two nodes, a router and one weighted route `r` between them. */
async function meshWithRoute(appmesh: AppMeshClient, meshName: string): Promise<void> {
  await appmesh.send(new CreateMeshCommand({ meshName }));
  for (const virtualNodeName of ['blue', 'green']) await appmesh.send(new CreateVirtualNodeCommand({ meshName, virtualNodeName, spec: nodeSpec }));
  await appmesh.send(new CreateVirtualRouterCommand({ meshName, virtualRouterName: 'vr', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } }));
  await appmesh.send(new CreateRouteCommand({ meshName, virtualRouterName: 'vr', routeName: 'r', spec: routeSpec(50) }));
}

const updateRoute = (meshName: string, i: number) => new UpdateRouteCommand({ meshName, virtualRouterName: 'vr', routeName: 'r', spec: routeSpec(1 + (i % 99)) });

/** Runs `call` n times in sequence; percentiles of wall time, and the share of it spent waiting on DynamoDB. */
async function sequential(n: number, call: (i: number) => Promise<unknown>): Promise<Latency> {
  const times: number[] = [];
  const dynamoBefore = dynamoTime.totalMs;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  const dynamoShare = (dynamoTime.totalMs - dynamoBefore) / (performance.now() - started);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), dynamoShare };
}

/** Each client updates the route in its own mesh as fast as it can, until the time or count bound. */
async function throughput(stack: LocalStack): Promise<{ perSecond: number; updates: number; errors: number; dynamoShare: number }> {
  const clients = Array.from({ length: concurrentClients }, () => client(stack));
  await Promise.all(clients.map((c, i) => meshWithRoute(c, `bench-tp-${i}`)));
  const deadline = performance.now() + throughputSeconds * 1000;
  let updates = 0;
  let errors = 0;
  let latencyMs = 0;
  const dynamoBefore = dynamoTime.totalMs;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c, i) => {
      for (let n = 0; n < maxUpdatesPerClient && performance.now() < deadline; n++) {
        const t0 = performance.now();
        try {
          await c.send(updateRoute(`bench-tp-${i}`, n));
          updates++;
        } catch (error) {
          if (errors++ === 0) console.error(`first failed update: ${String(error)}`);
        }
        latencyMs += performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const c of clients) c.destroy();
  // Calls overlap here, so this is the mean share of an update's wall time spent awaiting DynamoDB.
  return { perSecond: updates / seconds, updates, errors, dynamoShare: (dynamoTime.totalMs - dynamoBefore) / latencyMs };
}

/** Waits until the node's snapshot exists: the projector has reached the event that created it. Returns the wait in ms. */
async function projectorCaughtUp(stack: LocalStack, meshName: string, node: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    const response = await fetch(`${stack.url}/v1/meshes/${meshName}/virtualNodes/${node}/snapshot`);
    await response.body?.cancel();
    if (response.status === 200) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the projector did not reach ${node} within 2 minutes`);
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? NaN;
  const stack = await startLocalStack({ inMemory: true, port: 0 });
  dynamoTime.stateTable = stack.config.tables.state;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    console.error('Interrupted: stopping the local stack; nothing is written to RESULTS.md.');
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const mesh = client(stack);
  try {
    await meshWithRoute(mesh, 'bench');
    // Warm-up: JIT on both sides, sockets, DynamoDB Local's caches.
    for (let i = 0; i < 200; i++) await mesh.send(new DescribeRouteCommand({ meshName: 'bench', virtualRouterName: 'vr', routeName: 'r' }));
    for (let i = 0; i < 100; i++) await mesh.send(updateRoute('bench', i));

    const describe = await sequential(1000, () => mesh.send(new DescribeRouteCommand({ meshName: 'bench', virtualRouterName: 'vr', routeName: 'r' })));
    const update = await sequential(500, (i) => mesh.send(updateRoute('bench', i)));
    const create = await sequential(500, (i) => mesh.send(new CreateVirtualNodeCommand({ meshName: 'bench', virtualNodeName: `node-${i}`, spec: nodeSpec })));
    // The 500 new nodes each get a snapshot; let the projector finish them, so the
    // throughput phase shares DynamoDB Local with its own projection work only.
    const caughtUp = await projectorCaughtUp(stack, 'bench', 'node-499');
    const writes = await throughput(stack);

    const share = (l: Pick<Latency, 'dynamoShare'>) => `${Math.round(l.dynamoShare * 100)} %`;
    const table = [
      '| Measure | p50 | p99 | Target | Result | API time awaiting DynamoDB Local |',
      '|---|---|---|---|---|---|',
      `| DescribeRoute, 1,000 sequential | ${ms(describe.p50)} | ${ms(describe.p99)} | p99 <= ${targets.describeP99Ms} ms | ${verdict(describe.p99 <= targets.describeP99Ms)} | ${share(describe)} |`,
      `| UpdateRoute, 500 sequential | ${ms(update.p50)} | ${ms(update.p99)} | p99 <= ${targets.updateP99Ms} ms | ${verdict(update.p99 <= targets.updateP99Ms)} | ${share(update)} |`,
      `| CreateVirtualNode, 500 sequential | ${ms(create.p50)} | ${ms(create.p99)} | - | - | ${share(create)} |`,
      `| UpdateRoute, ${concurrentClients} clients x own mesh, ${throughputSeconds} s | ${writes.perSecond.toFixed(0)} updates/s (${writes.updates} ok, ${writes.errors} errors) | | >= ${targets.updatesPerSecond}/s | ${verdict(writes.perSecond >= targets.updatesPerSecond)} | ${share(writes)} |`,
    ].join('\n');
    console.log(table);
    console.log(`(the projector caught up with the creates ${(caughtUp / 1000).toFixed(1)} s after the last one)`);

    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    const facts = `${availableParallelism()} CPUs (nproc), ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, DynamoDB Local in memory; 1-min load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after`;
    const existing = await readFile(resultsFile, 'utf8').catch(() => '');
    const header = existing ? '' : '# Benchmark results\n\nEach `npm run bench:*` appends a dated section; read each with its machine.\n';
    await appendFile(resultsFile, `${header}\n## ${new Date().toISOString()}\n\nCommand: \`npm run bench:api\`  \nMachine: ${facts}\n\n${table}\n`);
  } catch (error) {
    if (!interrupted) throw error; // calls cut off by the interrupt fail; that is expected
  } finally {
    mesh.destroy();
    await stack.stop();
  }
}

await main();
