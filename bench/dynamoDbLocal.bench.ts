// `npm run bench:dynamodb-local`: the ceiling under `npm run bench:api`'s
// throughput figure. The same UpdateRoute commands, from 16 concurrent writers
// on their own meshes, through handleCommand and the DynamoDB store straight
// into an in-memory DynamoDB Local: no HTTP, no App Mesh SDK, no projector.
// Once deciding from the view cache (one TransactWriteItems per update, or one
// per group of updates that queued behind the transactions in flight, as the
// API does), once reading every view first (TransactGetItems as well).
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
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
  const deps = { store, account: { region: 'us-east-1', accountId: '000000000000' }, now: () => Date.now(), newUid: randomUUID, backoff: async () => {} };
  // A client token on every command, as the SDK sends one with every write.
  return (command: Command) => handleCommand(command, { requestId: randomUUID(), actor: 'bench', clientToken: randomUUID(), requestHash: randomUUID() }, deps);
}

async function updatesPerSecond(run: ReturnType<typeof runner>, meshPrefix: string, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let n = 0; performance.now() < deadline; n++) {
      await run({ type: 'update', id: id('route', `${meshPrefix}-${w}`, 'r', 'vr'), spec: routeSpec(1 + (n % 99)) });
      done++;
    }
  }));
  return done / seconds;
}

async function main(): Promise<void> {
  const dynamo = await startDynamoDbLocal({});
  try {
    const raw = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint });
    const tables = tableNamesFor('bench-');
    await ensureTables(raw, tables);
    const client = documentClient(raw);
    const results: [string, number][] = [];
    for (const [label, cacheViews] of [['decided from the view cache: TransactWriteItems only', true], ['every view read first: TransactGetItems + TransactWriteItems', false]] as const) {
      const run = runner(dynamoMeshStore({ client, tables, now: () => Date.now(), cacheViews }));
      const prefix = cacheViews ? 'cached' : 'read';
      await Promise.all(Array.from({ length: writers }, async (_, w) => {
        const mesh = `${prefix}-${w}`;
        await run({ type: 'create', id: id('mesh', mesh, mesh), spec: {}, tags: [] });
        for (const node of ['blue', 'green']) await run({ type: 'create', id: id('virtualNode', mesh, node), spec: nodeSpec, tags: [] });
        await run({ type: 'create', id: id('virtualRouter', mesh, 'vr'), spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }, tags: [] });
        await run({ type: 'create', id: id('route', mesh, 'r', 'vr'), spec: routeSpec(50), tags: [] });
      }));
      await updatesPerSecond(run, prefix, warmSeconds);
      results.push([label, await updatesPerSecond(run, prefix, measureSeconds)]);
    }
    const table = ['| UpdateRoute commands, 16 writers x own mesh, 10 s after 10 s warm-up | updates/s |', '|---|---|', ...results.map(([label, rate]) => `| ${label} | ${rate.toFixed(0)} |`)].join('\n');
    console.log(table);
    const machine = `${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, DynamoDB Local in memory`;
    await appendFile(new URL('./RESULTS.md', import.meta.url), `\n## ${new Date().toISOString()}\n\nCommand: \`npm run bench:dynamodb-local\`  \nMachine: ${machine}\n\n${table}\n`);
  } finally {
    await dynamo.stop();
  }
}

await main();
