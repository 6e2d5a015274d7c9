// `npm run bench:projection`: compile a mesh of 1,000 virtual nodes and 1,000
// virtual services (10 backends each), then one UpdateRoute: compile time, the
// snapshots it changes and writes (through the real projector on DynamoDB
// Local), and snapshot sizes. Appends a dated section to bench/RESULTS.md.
import { appendFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoProjectionStore } from '../core/adapters/dynamodb/dynamoProjectionStore.js';
import { tableNamesFor } from '../core/adapters/dynamodb/tables.js';
import { createProjector } from '../core/application/projector.js';
import { emptyProjection, catchUp, project, projectAll } from '../core/projection/projection.js';
import { canonicalJson } from '../core/projection/snapshot.js';
import { startDynamoDbLocal } from '../functions/local/dynamoDbLocal.js';
import { ensureTables } from '../functions/local/ensureTables.js';
import { documentClient, dynamoClient } from '../functions/shared/dynamoClients.js';
import { BACKENDS, eventLog, mesh, meshEvents, NODES, ROUTED, routeSpec, stream } from './thousandNodeMesh.js';

const { event } = eventLog();

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const events = meshEvents(event);
  const updateEvent = event('route', 'split', routeSpec(50, 10), 'router-50', 'Updated');

  // 1. Pure compile, no I/O.
  const projection = emptyProjection(mesh);
  catchUp(projection, events);
  let t0 = performance.now();
  const full = projectAll(projection);
  const fullCompileMs = performance.now() - t0;
  const sizes = full.changes.flatMap((c) => ('snapshot' in c ? [Buffer.byteLength(canonicalJson(c.snapshot))] : []));
  const gzSizes = full.changes.flatMap((c) => ('snapshot' in c ? [gzipSync(JSON.stringify(c.snapshot)).length] : []));
  t0 = performance.now();
  const one = project(projection, [updateEvent]);
  const oneCompileMs = performance.now() - t0;

  // 2. The real projector on DynamoDB Local: cold start (compile + write all), then one UpdateRoute.
  const dynamo = await startDynamoDbLocal();
  try {
    const tables = tableNamesFor('bench-');
    const config = { region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint };
    await ensureTables(dynamoClient(config), tables);
    const doc = documentClient(dynamoClient(config));
    for (let i = 0; i < events.length; i += 25) {
      await doc.send(new BatchWriteCommand({ RequestItems: { [tables.events]: events.slice(i, i + 25).map((e) => ({ PutRequest: { Item: { ...e } } })) } }));
    }
    const projector = createProjector(dynamoProjectionStore(doc, tables));
    t0 = performance.now();
    const cold = await projector.projectStream(stream);
    const coldMs = performance.now() - t0;
    await doc.send(new BatchWriteCommand({ RequestItems: { [tables.events]: [{ PutRequest: { Item: { ...updateEvent } } }] } }));
    t0 = performance.now();
    const warm = await projector.projectStream(stream);
    const warmMs = performance.now() - t0;

    const rows = [
      ['Full compile, 1,000 nodes (pure)', ms(fullCompileMs), '<= 5 s', fullCompileMs <= 5000 ? 'met' : '**missed**'],
      ['One UpdateRoute: compile (pure)', `${ms(oneCompileMs)}, ${one.changes.length} snapshots recompiled`, '<= 100 ms', oneCompileMs <= 100 ? 'met' : '**missed**'],
      ['One UpdateRoute: projector on DynamoDB Local (read + compile + write)', `${ms(warmMs)}, ${warm.written} snapshots written`, 'only affected written', warm.written === one.changes.length ? 'met' : '**check**'],
      ['Cold projector: replay 2,201 events, compile and write all', `${ms(coldMs)}, ${cold.written} written`, '-', '-'],
      ['Snapshot size (canonical JSON)', `p50 ${kb(percentile(sizes, 50))}, max ${kb(Math.max(...sizes))}`, '-', '-'],
      ['Snapshot size (gzip, as stored)', `p50 ${kb(percentile(gzSizes, 50))}, max ${kb(Math.max(...gzSizes))}`, '-', '-'],
    ];
    const table = ['| Measure | Result | Target | Verdict |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    console.log(table);
    const section = `\n## Projection — ${new Date().toISOString()}\n\nCommand: \`npm run bench:projection\`  \nMachine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? ''}, Node ${process.version}; ${NODES} nodes x ${BACKENDS} backends, ${NODES} services (${ROUTED} behind routers)\n\n${table}\n`;
    await appendFile(new URL('./RESULTS.md', import.meta.url), section);
  } finally {
    await dynamo.stop();
  }
}

await main();
