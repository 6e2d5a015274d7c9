import { describe, expect, it } from 'vitest';
import { crashRun, formatReport } from './crashRun.js';

// The longer variant (20 kills): `node --import tsx bench/crash.ts`.
describe('a local stack SIGKILLed mid-write and restarted on its data directory', () => {
  it('keeps every acknowledged write, versions contiguous, state equal to the log and snapshots equal to a recompile', async () => {
    const report = await crashRun({ kills: 3, acknowledgedBeforeKill: 10, upMs: 2000, healTimeoutMs: 60_000 });
    console.log(`crash run: ${formatReport(report)}`);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.lostWrites).toEqual([]);
    expect(report.gaps).toEqual([]);
    expect(report.appliedTwice).toEqual([]);
    expect(report.versionsReused).toEqual([]);
    expect(report.stateDifferences).toEqual([]);
    expect(report.snapshotDifferences).toEqual([]);
  }, 240_000);
});
