import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, GetItemCommand, ListTablesCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamoDbLocalCommand, startDynamoDbLocal } from '../../functions/local/dynamoDbLocal.js';
import { freePort } from '../../functions/local/freePort.js';
import { dynamoClient } from '../../functions/shared/dynamoClients.js';
import { isRunning, stackProcesses } from './stackProcesses.js';

const lockOf = async (dataDir: string) => JSON.parse(await readFile(join(dataDir, 'weft-dynamodb-local.pid'), 'utf8')) as { owner: number; jvm: number };

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; !done(); await sleep(50)) if (Date.now() > deadline) return false;
  return true;
}

describe('DynamoDB Local on a data directory', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function dataDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'weft-ddbl-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }
  /** A JVM on dir that this test process started and only it can stop: what a killed Weft leaves behind. */
  async function leftBehindJvm(dir: string): Promise<number> {
    const { command, args, cwd } = dynamoDbLocalCommand(await freePort(), dir);
    const jvm = spawn(command, args, { cwd, detached: true, stdio: 'ignore' });
    cleanups.push(async () => {
      try {
        process.kill(-jvm.pid!, 'SIGKILL');
      } catch {
        // gone
      }
      await until(() => !isRunning(jvm.pid!), 10_000);
    });
    // Once it is java, not yet the forked Node, that runs under its pid.
    await until(() => spawnSync('ps', ['-o', 'args=', '-p', String(jvm.pid)], { encoding: 'utf8' }).stdout.includes('DynamoDBLocal.jar'), 10_000);
    return jvm.pid!;
  }

  it('dies with the Weft that started it, even when that Weft is SIGKILLed', async () => {
    const processes = stackProcesses();
    cleanups.push(() => processes.killAll());
    const stack = await processes.start(await dataDir());
    process.kill(-stack.pid, 'SIGKILL'); // the Node process only: nothing of it runs to stop the JVM
    expect(await until(() => !isRunning(stack.jvm), 10_000)).toBe(true);
  }, 180_000);

  it('stops, on start, a DynamoDB Local left running on the directory by a Weft that is gone', async () => {
    const dir = await dataDir();
    const stale = await leftBehindJvm(dir);
    const gone = spawnSync('true').pid; // a process that has exited: the dead owner
    await writeFile(join(dir, 'weft-dynamodb-local.pid'), JSON.stringify({ owner: gone, jvm: stale }));
    const dynamo = await startDynamoDbLocal({ dataDir: dir });
    cleanups.push(() => dynamo.stop());
    expect(isRunning(stale)).toBe(false);
    const client = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint });
    await expect(client.send(new ListTablesCommand({}))).resolves.toBeDefined();
    client.destroy();
    expect((await lockOf(dir)).owner).toBe(process.pid);
  }, 120_000);

  it('refuses a directory whose Weft is alive and still runs its DynamoDB Local', async () => {
    const dir = await dataDir();
    const running = await leftBehindJvm(dir);
    await writeFile(join(dir, 'weft-dynamodb-local.pid'), JSON.stringify({ owner: process.pid, jvm: running }));
    const second = startDynamoDbLocal({ dataDir: dir });
    cleanups.push(() => second.then((dynamo) => dynamo.stop(), () => undefined)); // should it start after all
    await expect(second).rejects.toThrow(/is in use by another Weft/);
    expect(isRunning(running)).toBe(true);
  }, 120_000);

  it('keeps every transaction that Weft\'s client saw answered, though the JVM is SIGKILLed the moment the 30th of 16 writers\' answers arrives', async () => {
    const dir = await dataDir();
    const rounds = 3;
    const missing: string[] = [];
    let acknowledged: string[] = [];
    for (let round = 0; round <= rounds; round++) {
      const dynamo = await startDynamoDbLocal({ dataDir: dir });
      cleanups.push(() => dynamo.stop());
      const { jvm } = await lockOf(dir);
      const client = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint });
      if (round === 0) await client.send(new CreateTableCommand({ TableName: 'kept', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      for (const pk of acknowledged) {
        const item = await client.send(new GetItemCommand({ TableName: 'kept', Key: { pk: { S: pk } }, ConsistentRead: true }));
        if (!item.Item) missing.push(pk);
      }
      if (round === rounds) {
        client.destroy();
        await dynamo.stop();
        break;
      }
      acknowledged = [];
      let killed = false;
      await Promise.all(Array.from({ length: 16 }, async (_, w) => {
        for (let n = 0; !killed; n++) {
          const pk = `round-${round}-${w}-${n}`;
          try {
            await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'kept', Item: { pk: { S: pk } } } }] }));
          } catch {
            return; // killed under it
          }
          if (killed) return; // answered after the kill: not counted
          acknowledged.push(pk);
          if (acknowledged.length === 30) {
            process.kill(-jvm, 'SIGKILL');
            killed = true;
          }
        }
      }));
      client.destroy();
      await dynamo.stop();
    }
    expect(missing).toEqual([]);
  }, 300_000);
});
