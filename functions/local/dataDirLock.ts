import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from './userError.js';

/**
 * Which DynamoDB Local runs on a data directory, and for whom. A Weft killed
 * with SIGKILL cannot stop its JVM (that lives in a process group of its own);
 * a restart on the same directory would then run two JVMs on one SQLite file,
 * and the stale one's background jobs hold locks the new one's commits need
 * (SQLITE_BUSY within seconds here). So a start clears what the lock names.
 */
const lockFile = (dataDir: string) => join(dataDir, 'weft-dynamodb-local.pid');

interface Lock {
  /** The Weft process that started the JVM. */
  readonly owner: number;
  /** The JVM, leader of its own process group. */
  readonly jvm: number;
}

function readLock(dataDir: string): Lock | undefined {
  try {
    const lock = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as Partial<Lock>;
    return Number.isInteger(lock.owner) && Number.isInteger(lock.jvm) ? (lock as Lock) : undefined;
  } catch {
    return undefined;
  }
}

/** A live process's parent and command line; undefined once it is gone (a zombie's command line is no longer its own). */
function processInfo(pid: number): { parent: number; args: string } | undefined {
  const ps = spawnSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' });
  const match = ps.status === 0 ? /^\s*(\d+)\s+(.*)$/s.exec(ps.stdout.trim()) : null;
  return match ? { parent: Number(match[1]), args: match[2]! } : undefined;
}

function isDynamoDbLocalOn(dataDir: string, pid: number): boolean {
  const info = processInfo(pid);
  return info !== undefined && info.args.includes('DynamoDBLocal.jar') && info.args.includes(`-dbPath ${dataDir}`);
}

/**
 * Before a JVM starts on dataDir: a JVM still running there whose Weft is
 * alive (still its parent) means the directory is in use, and the start is
 * refused; one whose Weft is gone is killed, with its process group, and
 * waited for.
 */
export async function clearStaleDynamoDbLocal(dataDir: string): Promise<void> {
  const lock = readLock(dataDir);
  if (lock && isDynamoDbLocalOn(dataDir, lock.jvm)) {
    if (processInfo(lock.jvm)?.parent === lock.owner) {
      throw new UserError(`The data directory ${dataDir} is in use by another Weft (process ${lock.owner}); stop it first, or choose another --data-dir.`);
    }
    try {
      process.kill(-lock.jvm, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    const deadline = Date.now() + 10_000;
    while (isDynamoDbLocalOn(dataDir, lock.jvm)) {
      if (Date.now() > deadline) throw new UserError(`A stale DynamoDB Local (process ${lock.jvm}) on ${dataDir} does not stop; kill it, then start again.`);
      await sleep(50);
    }
  }
  rmSync(lockFile(dataDir), { force: true });
}

export function writeDynamoDbLocalLock(dataDir: string, jvm: number): void {
  writeFileSync(lockFile(dataDir), JSON.stringify({ owner: process.pid, jvm } satisfies Lock));
}

/** After the JVM has exited; a lock another start has taken over since stays. */
export function removeDynamoDbLocalLock(dataDir: string, jvm: number): void {
  if (readLock(dataDir)?.jvm === jvm) rmSync(lockFile(dataDir), { force: true });
}
