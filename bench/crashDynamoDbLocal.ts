// `node --import tsx bench/crashDynamoDbLocal.ts [rounds] [mode]`: does DynamoDB
// Local keep what it acknowledged when its JVM is SIGKILLed? 16 writers put
// fresh items (two per TransactWriteItems, or one per PutItem) into a table on
// a -dbPath file; at a random moment once 20 writes are in, the JVM's process group is killed, a new
// JVM opens the same file, and every acknowledged item is looked for.
// Modes: `transact` (TransactWriteItems answered 200 counts as acknowledged),
// `transact-barrier` (the same through Weft's commit barrier: answered only once a
// ListTables sent after the 200 has returned, functions/shared/dynamoDbLocalCommits.ts), `put`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetItemCommand, CreateTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { awaitLocalCommits } from '../functions/shared/dynamoDbLocalCommits.js';
import { dynamoDbLocalCommand } from '../functions/local/dynamoDbLocal.js';
import { freePort } from '../functions/local/freePort.js';

const rounds = Number(process.argv[2] ?? 10);
const mode = (process.argv[3] ?? 'transact') as 'transact' | 'transact-barrier' | 'put';
const writers = 16;
const table = 'crash';

async function startJvm(dataDir: string) {
  const port = await freePort();
  const { command, args, cwd } = dynamoDbLocalCommand(port, dataDir);
  const child = spawn(command, args, { detached: true, stdio: 'ignore', cwd });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A plain client: Weft's own (dynamoClients.ts) always waits for DynamoDB Local's commits.
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  if (mode === 'transact-barrier') awaitLocalCommits(client);
  for (let tries = 0; ; tries++) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (tries > 300) throw error;
      await sleep(100);
    }
  }
  const kill = async () => {
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    client.destroy();
  };
  return { client, kill };
}

const key = (pk: string) => ({ pk: { S: pk } });

async function write(client: DynamoDBClient, name: string): Promise<void> {
  if (mode === 'put') {
    await client.send(new PutItemCommand({ TableName: table, Item: key(name), ConditionExpression: 'attribute_not_exists(pk)' }));
    return;
  }
  await client.send(new TransactWriteItemsCommand({
    TransactItems: ['a', 'b'].map((half) => ({ Put: { TableName: table, Item: key(`${name}/${half}`), ConditionExpression: 'attribute_not_exists(pk)' } })),
  }));
}

async function missing(client: DynamoDBClient, names: string[]): Promise<{ lost: string[]; half: string[] }> {
  const keys = mode === 'put' ? names : names.flatMap((n) => [`${n}/a`, `${n}/b`]);
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: ReturnType<typeof key>[] }> | undefined = { [table]: { Keys: keys.slice(i, i + 100).map(key) } };
    while (request && Object.keys(request).length > 0) {
      const out = await client.send(new BatchGetItemCommand({ RequestItems: request }));
      for (const item of out.Responses?.[table] ?? []) found.add(item.pk!.S!);
      request = out.UnprocessedKeys as typeof request;
    }
  }
  if (mode === 'put') return { lost: names.filter((n) => !found.has(n)), half: [] };
  return {
    lost: names.filter((n) => !found.has(`${n}/a`) && !found.has(`${n}/b`)),
    half: names.filter((n) => found.has(`${n}/a`) !== found.has(`${n}/b`)),
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'weft-ddbl-crash-'));
  let jvm = await startJvm(dataDir);
  try {
    await jvm.client.send(new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    let acknowledgedTotal = 0;
    let lostTotal = 0;
    let halfTotal = 0;
    for (let round = 0; round < rounds; round++) {
      const acknowledged: string[] = [];
      let stop = false;
      const client = jvm.client;
      const loops = Array.from({ length: writers }, async (_, w) => {
        for (let n = 0; !stop; n++) {
          const name = `r${round}-w${w}-${n}`;
          try {
            await write(client, name);
            acknowledged.push(name);
          } catch {
            return; // the JVM is gone
          }
        }
      });
      // A fresh JVM is slow at first: kill once writes flow, at a random moment after.
      for (const deadline = Date.now() + 60_000; acknowledged.length < 20 && Date.now() < deadline; ) await sleep(20);
      await sleep(Math.random() * 1000);
      await jvm.kill();
      stop = true;
      await Promise.all(loops);
      jvm = await startJvm(dataDir);
      const { lost, half } = await missing(jvm.client, acknowledged);
      acknowledgedTotal += acknowledged.length;
      lostTotal += lost.length;
      halfTotal += half.length;
      console.log(`round ${round}: ${acknowledged.length} acknowledged, ${lost.length} lost${lost.length ? ` (${lost.join(', ')})` : ''}, ${half.length} half-applied`);
    }
    console.log(`${mode}: ${rounds} kills, ${acknowledgedTotal} acknowledged, ${lostTotal} lost, ${halfTotal} half-applied`);
  } finally {
    await jvm.kill().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
