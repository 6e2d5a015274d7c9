// `npm run bench:dynamodb-local`: the ceiling under `npm run bench:api`'s
// throughput figure. The same UpdateRoute commands, from 16 concurrent writers
// on their own meshes, through handleCommand and the DynamoDB store straight
// into an in-memory DynamoDB Local: no HTTP, no App Mesh SDK, no projector.
// Once deciding from the view cache (one TransactWriteItems per update, or one
// per group of updates that queued behind the transactions in flight, as the
// API does), once reading every view first (TransactGetItems as well); then
// the cached run again while other writers contend on one shared mesh.
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamoMeshStore } from '../core/adapters/dynamodb/dynamoMeshStore.js';
import { tableNamesFor } from '../core/adapters/dynamodb/tables.js';
import { handleCommand } from '../core/application/handleCommand.js';
import type { MeshStore } from '../core/application/meshStore.js';
import type { Command } from '../core/domain/commands.js';
import type { JsonObject, ResourceId } from '../core/domain/resource.js';
import { startDynamoDbLocal } from '../functions/local/dynamoDbLocal.js';
import { ensureTables } from '../functions/local/ensureTables.js';
import { documentClient, dynamoClient } from '../functions/shared/dynamoClients.js';

const writers = 16;
const warmSeconds = 10;
const measureSeconds = 10;

const id = (kind: ResourceId['kind'], mesh: string, name: string, parent?: string): ResourceId => ({ kind, mesh, name, ...(parent ? { parent } : {}) });
const routeSpec = (weight: number): JsonObject => ({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'blue', weight }, { virtualNode: 'green', weight: 100 - weight }] } } });
const nodeSpec: JsonObject = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'app.local' } } };

function runner(store: MeshStore) {
  // Full jitter, capped, as the API's deps: contending writers spread out.
  const backoff = (attempt: number) => sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));
  const deps = { store, account: { region: 'us-east-1', accountId: '000000000000' }, now: () => Date.now(), newUid: randomUUID, backoff };
  // A client token on every command, as the SDK sends one with every write.
  return (command: Command) => handleCommand(command, { requestId: randomUUID(), actor: 'bench', clientToken: randomUUID(), requestHash: randomUUID() }, deps);
}
type Run = ReturnType<typeof runner>;

/** A mesh with two nodes, a router and the given weighted routes between the nodes. */
async function meshWithRoutes(run: Run, mesh: string, routes: string[]): Promise<ResourceId[]> {
  await run({ type: 'create', id: id('mesh', mesh, mesh), spec: {}, tags: [] });
  for (const node of ['blue', 'green']) await run({ type: 'create', id: id('virtualNode', mesh, node), spec: nodeSpec, tags: [] });
  await run({ type: 'create', id: id('virtualRouter', mesh, 'vr'), spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, tags: [] });
  const ids = routes.map((r) => id('route', mesh, r, 'vr'));
  for (const route of ids) await run({ type: 'create', id: route, spec: routeSpec(50), tags: [] });
  return ids;
}

/** One writer per route, each updating its route as fast as it can: successes and failures per second. */
async function updateRates(run: Run, routes: ResourceId[], seconds: number): Promise<{ ok: number; failed: number }> {
  const deadline = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  await Promise.all(routes.map(async (route) => {
    for (let n = 0; performance.now() < deadline; n++) {
      await run({ type: 'update', id: route, spec: routeSpec(1 + (n % 99)) }).then(() => ok++, () => failed++);
    }
  }));
  return { ok: ok / seconds, failed: failed / seconds };
}

/** Own-mesh routes measured apart from the routes of one shared mesh, all written at once. */
async function splitRates(run: Run, own: ResourceId[], shared: ResourceId[], seconds: number) {
  const [mine, contended] = await Promise.all([updateRates(run, own, seconds), updateRates(run, shared, seconds)]);
  return { mine, contended };
}

async function main(): Promise<void> {
  const dynamo = await startDynamoDbLocal({});
  try {
    // In memory, as the local stack's own DynamoDB Local: no disk, so no commit barrier (dynamoDbLocalCommits.ts).
    const raw = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint, awaitLocalCommits: false });
    const tables = tableNamesFor('bench-');
    await ensureTables(raw, tables);
    const client = documentClient(raw);
    const rows: string[] = [];
    for (const [label, cacheViews] of [['decided from the view cache: TransactWriteItems only', true], ['every view read first: TransactGetItems + TransactWriteItems', false]] as const) {
      const run = runner(dynamoMeshStore({ client, tables, now: () => Date.now(), cacheViews }));
      const prefix = cacheViews ? 'cached' : 'read';
      const routes = (await Promise.all(Array.from({ length: writers }, (_, w) => meshWithRoutes(run, `${prefix}-${w}`, ['r'])))).flat();
      await updateRates(run, routes, warmSeconds);
      rows.push(`| ${label} | ${(await updateRates(run, routes, measureSeconds)).ok.toFixed(0)} | - |`);
      if (!cacheViews) continue;
      // The same writers while 8 more race on 8 routes of one shared mesh: every commit there
      // conflicts with the others on the mesh's stream head, and shares groups with the rest.
      const shared = await meshWithRoutes(run, `${prefix}-shared`, Array.from({ length: 8 }, (_, i) => `r${i}`));
      await splitRates(run, routes, shared, warmSeconds / 2);
      const { mine, contended } = await splitRates(run, routes, shared, measureSeconds);
      rows.push(`| the same, while 8 more writers race on one shared mesh | ${mine.ok.toFixed(0)} | ${contended.ok.toFixed(0)}/s committed, ${contended.failed.toFixed(1)}/s gave up after 12 attempts |`);
    }
    const table = ['| UpdateRoute commands, 16 writers x own mesh, 10 s after 10 s warm-up | updates/s | shared mesh |', '|---|---|---|', ...rows].join('\n');
    console.log(table);
    const machine = `${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, DynamoDB Local in memory`;
    await appendFile(new URL('./RESULTS.md', import.meta.url), `\n## ${new Date().toISOString()}\n\nCommand: \`npm run bench:dynamodb-local\`  \nMachine: ${machine}\n\n${table}\n`);
  } finally {
    await dynamo.stop();
  }
}

await main();
