import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictException, CreateMeshCommand } from '@aws-sdk/client-app-mesh';
import type { LogAudit } from './crashChecks.js';
import { auditLog, foldNodes, loggedEvents, recompiledVersions, servedVersions, snapshotDifferences, stateDifferences } from './crashChecks.js';
import type { WorkloadTally } from './meshWorkload.js';
import { appMesh, runWriters } from './meshWorkload.js';
import type { StackProcess } from './stackProcesses.js';
import { stackProcesses } from './stackProcesses.js';

export interface CrashRunOptions {
  readonly kills: number;
  /** Each life of the stack acknowledges this many writes, then runs on for a random part of `upMs` before its kill. */
  readonly acknowledgedBeforeKill: number;
  readonly upMs: number;
  /** How long the last restart may take to serve every recompiled snapshot. */
  readonly healTimeoutMs: number;
}

export interface CrashReport extends Omit<LogAudit, 'lost'> {
  readonly kills: number;
  readonly calls: number;
  readonly acknowledged: number;
  readonly refused: number;
  readonly unanswered: number;
  readonly lost: number;
  readonly lostWrites: LogAudit['lost'];
  /** Describe / List answers that differ from the fold of the log. */
  readonly stateDifferences: string[];
  /** Served snapshots that still differ from a full recompile when the heal timeout ran out. */
  readonly snapshotDifferences: string[];
  /** From the last restart answering to every snapshot equal to the recompile. */
  readonly healMs: number | undefined;
}

const mesh = 'crash';

/**
 * Mixed writes through the App Mesh SDK against a stack process, SIGKILLed
 * (Node and JVM process groups at once) at random moments and restarted on
 * the same data directory `kills` times; then the last restart is checked
 * against what clients were told and against the fold of its own log.
 * Every process it starts is killed before it returns or throws.
 */
export async function crashRun(options: CrashRunOptions): Promise<CrashReport> {
  const processes = stackProcesses();
  const dataDir = await mkdtemp(join(tmpdir(), 'weft-crash-'));
  const tally: WorkloadTally = { calls: 0, refused: 0, unanswered: 0, acknowledged: [] };
  try {
    let stack = await processes.start(dataDir);
    await createMesh(stack);
    for (let kill = 0; kill < options.kills; kill++) {
      let stopped = false;
      const writers = runWriters(stack.url, mesh, tally, () => stopped);
      // A fresh stack (cold JVM, cold tsx) is slow at first: kill once writes flow.
      const before = tally.acknowledged.length;
      for (const deadline = Date.now() + 60_000; tally.acknowledged.length < before + options.acknowledgedBeforeKill && Date.now() < deadline; ) await sleep(20);
      await sleep(Math.random() * options.upMs);
      await processes.killStack(stack);
      stopped = true;
      await writers;
      stack = await processes.start(dataDir);
    }
    const upAt = Date.now();
    const client = appMesh(stack.url);
    try {
      const events = await loggedEvents(stack.url, mesh);
      const audit = auditLog(events, tally.acknowledged);
      const differences = await stateDifferences(client, mesh, foldNodes(events));
      const expected = await recompiledVersions(stack, client, mesh);
      let snapshots: string[] = [];
      let healMs: number | undefined;
      while (Date.now() - upAt < options.healTimeoutMs) {
        snapshots = snapshotDifferences(expected, await servedVersions(stack.url, mesh));
        if (snapshots.length === 0) {
          healMs = Date.now() - upAt;
          break;
        }
        await sleep(100);
      }
      await processes.killStack(stack);
      return {
        kills: options.kills,
        calls: tally.calls,
        acknowledged: tally.acknowledged.length,
        refused: tally.refused,
        unanswered: tally.unanswered,
        ...audit,
        lost: audit.lost.length,
        lostWrites: audit.lost,
        stateDifferences: differences,
        snapshotDifferences: snapshots,
        healMs,
      };
    } finally {
      client.destroy();
    }
  } finally {
    await processes.killAll();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The mesh, before the first kill: retried until it is there. */
async function createMesh(stack: StackProcess): Promise<void> {
  const client = appMesh(stack.url);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new CreateMeshCommand({ meshName: mesh }));
        return;
      } catch (error) {
        if (error instanceof ConflictException) return;
        if (attempt >= 10) throw error;
        await sleep(200);
      }
    }
  } finally {
    client.destroy();
  }
}

/** One line for logs and the bench: the figures, then what went wrong, if anything. */
export function formatReport(report: CrashReport): string {
  const figures = `${report.kills} kills, ${report.calls} calls, ${report.acknowledged} acknowledged (${report.refused} refused 4xx, ${report.unanswered} unanswered), ${report.lost} lost, ${report.gaps.length} version gaps, ${report.appliedTwice.length} tokens applied twice, ${report.versionsReused.length} versions reused, ${report.events} events, healed in ${report.healMs === undefined ? 'never' : `${report.healMs} ms`}`;
  const problems = [...report.lostWrites.map((a) => `lost: ${JSON.stringify(a)}`), ...report.stateDifferences, ...report.snapshotDifferences];
  return [figures, ...problems].join('\n  ');
}
