// `node --import tsx bench/crash.ts [kills]`: the crash test's run, longer
// (20 kills by default). Whole-stack SIGKILLs mid-write, restarts on the same
// data directory, then every acknowledged write, the log's versions, state
// against the fold and snapshots against a full recompile are checked.
import { crashRun, formatReport } from '../test/crash/crashRun.js';

const kills = Number(process.argv[2] ?? 20);
const report = await crashRun({ kills, acknowledgedBeforeKill: 20, upMs: 4000, healTimeoutMs: 120_000 });
console.log(formatReport(report));
const healthy = report.lost === 0 && report.gaps.length === 0 && report.appliedTwice.length === 0 && report.versionsReused.length === 0 && report.stateDifferences.length === 0 && report.snapshotDifferences.length === 0;
process.exitCode = healthy ? 0 : 1;
