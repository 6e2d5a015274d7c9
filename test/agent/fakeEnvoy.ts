// What the supervisor tests share: a fake Envoy (fixtures/fake-envoy.mjs)
// with its own bootstrap, admin port and record of what happened to it, and
// cleanup that leaves no process behind whatever the test did.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envoyBootstrap, renderBootstrap } from '../../proxy-agent/envoy/bootstrap.js';
import type { EnvoySupervisor, EnvoySupervisorOptions } from '../../proxy-agent/envoy/envoySupervisor.js';
import { startEnvoy } from '../../proxy-agent/envoy/envoySupervisor.js';

export const fakeEnvoyPath = fileURLToPath(new URL('./fixtures/fake-envoy.mjs', import.meta.url));
chmodSync(fakeEnvoyPath, 0o755); // in case a checkout lost the executable bit

export interface FakeRecord {
  readonly pid: number;
  readonly at: number;
  readonly event: string;
  readonly argv?: string[];
  readonly nodeId?: string;
}

export interface FakeEnvoy {
  readonly bootstrapPath: string;
  readonly adminPort: number;
  readonly recordFile: string;
  readonly logs: { message: string; details?: Record<string, unknown> }[];
  /** Starts the supervisor on the fake; `fake` are the fake's own flags. */
  start(fake?: string[], options?: Partial<EnvoySupervisorOptions>): EnvoySupervisor;
  records(): FakeRecord[];
  /** Events in order, e.g. ['start', 'listening', 'POST /healthcheck/fail']. */
  events(): string[];
}

const dirs: string[] = [];
const supervisors: EnvoySupervisor[] = [];
const recordFiles: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function fakeEnvoy(): Promise<FakeEnvoy> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-envoy-'));
  dirs.push(dir);
  const adminPort = await freePort();
  const bootstrapPath = join(dir, 'envoy.yaml');
  const recordFile = join(dir, 'record.jsonl');
  recordFiles.push(recordFile);
  const identity = { mesh: 'shop', kind: 'virtualNode', name: 'cart-v1' } as const;
  writeFileSync(bootstrapPath, renderBootstrap(envoyBootstrap({ identity, xdsAddress: '127.0.0.1:15010', adminPort })));
  const logs: FakeEnvoy['logs'] = [];
  const records = () => readRecords(recordFile);
  return {
    bootstrapPath,
    adminPort,
    recordFile,
    logs,
    start(fake = [], options = {}) {
      const log = (message: string, details?: Record<string, unknown>) => void logs.push({ message, ...(details ? { details } : {}) });
      const supervisor = startEnvoy({ envoyPath: fakeEnvoyPath, bootstrapPath, adminPort, args: ['--record', recordFile, ...fake], backoffMs: 10, drainSeconds: 0.2, log, ...options });
      supervisors.push(supervisor);
      return supervisor;
    },
    records,
    events: () => records().map((r) => r.event),
  };
}

function readRecords(file: string): FakeRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as FakeRecord);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves once every timer set so far with a delay of up to `ms` has fired:
 * Node runs timers in order of expiry, and this one expires after them all.
 * So a restart the supervisor had scheduled has happened by then, and shows
 * at once in pid() and restarts() (launch() spawns synchronously): the
 * negative check waits for the event it rules out, not for a guess at silence.
 */
export function timersDue(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms + 1));
}

/** For afterEach: stops every supervisor, then SIGKILLs any fake still alive (a failed test may have left one). */
export async function cleanUpFakes(): Promise<void> {
  const stopping = supervisors.splice(0).map((s) => s.stop());
  await Promise.race([Promise.allSettled(stopping), new Promise((resolve) => setTimeout(resolve, 3000))]);
  for (const file of recordFiles.splice(0)) {
    for (const pid of new Set(readRecords(file).map((r) => r.pid))) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
