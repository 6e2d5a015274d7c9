import type { TargetKey } from '../projection/projection.js';

/** What an agent reports about one connected proxy (Envoy or a proxyless gRPC client). */
export interface ProxyReport {
  readonly nodeId: string;
  readonly servedNode: string;
  readonly snapshotVersion?: string;
  readonly types: Readonly<Record<string, { ackedVersion?: string; pendingVersion?: string; nack?: { version: string; message: string; at: string } }>>;
  readonly lastNack?: { typeUrl: string; version: string; message: string; at: string };
}

export interface AgentReport {
  readonly snapshotVersion?: string;
  readonly proxies: readonly ProxyReport[];
  readonly refusals?: readonly { version?: string; reason: string; at: string }[];
}

export interface StoredAgentReport {
  readonly target: TargetKey;
  readonly agentId: string;
  /** Milliseconds since the epoch. */
  readonly reportedAt: number;
  readonly report: AgentReport;
}

/** A report older than this means the agent is gone (it reports changes at once, and at least every 30 s). */
export const agentReportTtlMs = 90_000;

export interface ProxyState {
  readonly agentId: string;
  readonly nodeId: string;
  /** The snapshot version this proxy runs: what its agent serves, once every type it was sent is ACKed. */
  readonly runningVersion?: string;
  readonly converged: boolean;
  readonly nack?: ProxyReport['lastNack'];
}

export interface TargetStatus {
  readonly target: TargetKey;
  readonly snapshotVersion?: string;
  readonly agents: number;
  readonly proxies: readonly ProxyState[];
  readonly connected: number;
  readonly converged: number;
  readonly nacks: number;
  readonly refusals: readonly { agentId: string; version?: string; reason: string; at: string }[];
}

/**
 * `istioctl proxy-status` for a mesh: each node and gateway with its current
 * snapshot, the proxies connected to it through live agents, the version each
 * runs, and rejections. Pure: reports and snapshot versions in, a table out.
 */
export function meshStatus(snapshots: ReadonlyMap<TargetKey, string>, reports: readonly StoredAgentReport[], now: number): TargetStatus[] {
  const live = reports.filter((r) => now - r.reportedAt <= agentReportTtlMs);
  const targets = [...new Set<TargetKey>([...snapshots.keys(), ...live.map((r) => r.target)])].sort();
  return targets.map((target) => {
    const current = snapshots.get(target);
    const mine = live.filter((r) => r.target === target);
    const proxies = mine.flatMap((r) =>
      r.report.proxies.map((p): ProxyState => {
        const pending = Object.values(p.types).some((t) => t.pendingVersion !== undefined);
        const runningVersion = pending ? undefined : p.snapshotVersion;
        return {
          agentId: r.agentId,
          nodeId: p.nodeId,
          ...(runningVersion ? { runningVersion } : {}),
          converged: runningVersion !== undefined && runningVersion === current && !p.lastNack,
          ...(p.lastNack ? { nack: p.lastNack } : {}),
        };
      }),
    );
    return {
      target,
      ...(current ? { snapshotVersion: current } : {}),
      agents: mine.length,
      proxies,
      connected: proxies.length,
      converged: proxies.filter((p) => p.converged).length,
      nacks: proxies.filter((p) => p.nack).length,
      refusals: mine.flatMap((r) => (r.report.refusals ?? []).map((f) => ({ agentId: r.agentId, ...f }))),
    };
  });
}
