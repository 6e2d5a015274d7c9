import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';

/** A running stack process, as stackProcess.ts reports it. */
export interface StackProcess {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly tables: TableNames;
  /** The Node process, leader of its own process group. */
  readonly pid: number;
  /** DynamoDB Local's JVM, leader of another. */
  readonly jvm: number;
}

const fixture = fileURLToPath(new URL('./stackProcess.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Running: not gone and not a zombie (a killed orphan waits for init to reap it). */
export function isRunning(pid: number): boolean {
  const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
}

/**
 * Starts and SIGKILLs whole stacks: the Node process and DynamoDB Local's JVM,
 * each in its own process group. `killAll` is for afterAll and failures, so
 * no JVM outlives a test.
 */
export function stackProcesses() {
  const groups = new Set<number>();

  async function start(dataDir: string, timeoutMs = 120_000): Promise<StackProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid === undefined) throw new Error('the stack process did not start');
    groups.add(child.pid);
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = new Promise<StackProcess>((resolve, reject) => {
      let line = '';
      child.stdout.on('data', (chunk: Buffer) => {
        line += chunk.toString();
        const end = line.indexOf('\n');
        if (end >= 0) resolve({ ...(JSON.parse(line.slice(0, end)) as Omit<StackProcess, 'pid'>), pid: child.pid! });
      });
      child.once('exit', (code, signal) => reject(new Error(`the stack process exited (${code ?? signal}) before it was up:\n${output}`)));
    });
    const timer = setTimeout(() => kill(child.pid!), timeoutMs);
    try {
      const stack = await ready;
      groups.add(stack.jvm);
      return stack;
    } finally {
      clearTimeout(timer);
    }
  }

  function kill(group: number): void {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** SIGKILL both process groups at once, then wait until neither process runs. */
  async function killStack(stack: Pick<StackProcess, 'pid' | 'jvm'>): Promise<void> {
    kill(stack.pid);
    kill(stack.jvm);
    for (const pid of [stack.pid, stack.jvm]) {
      while (isRunning(pid)) await sleep(20);
      groups.delete(pid);
    }
  }

  async function killAll(): Promise<void> {
    for (const group of groups) kill(group);
    for (const group of [...groups]) {
      while (isRunning(group)) await sleep(20);
      groups.delete(group);
    }
  }

  return { start, killStack, killAll };
}
