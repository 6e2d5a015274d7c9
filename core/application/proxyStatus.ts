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
  /** Runs its target's stored snapshot, with nothing pending and no NACK outstanding. */
  readonly converged: boolean;
  /** Runs config compiled from the asked mesh version or a later one. */
  readonly hasVersion: boolean;
  readonly nack?: ProxyReport['lastNack'];
}

export interface TargetStatus {
  readonly target: TargetKey;
  readonly snapshotVersion?: string;
  /** The mesh version the stored snapshot was compiled at (later events may have left it as it was). */
  readonly meshVersion?: number;
  readonly agents: number;
  readonly proxies: readonly ProxyState[];
  readonly connected: number;
  readonly converged: number;
  readonly nacks: number;
  readonly refusals: readonly { agentId: string; version?: string; reason: string; at: string }[];
}

/** Someone who does not have the asked version yet: the projector, or one proxy. */
export interface Laggard {
  readonly who: string;
  readonly reason: string;
}

export interface MeshStatus {
  /** The log's head: the mesh version of its last event. */
  readonly head: number;
  /** Every snapshot is compiled from this mesh version or a later one. */
  readonly projected: number;
  /** The mesh version asked about (the head unless given). */
  readonly version: number;
  /** True when every connected proxy runs config compiled from `version` or later. */
  readonly converged: boolean;
  readonly laggards: readonly Laggard[];
  readonly proxies: readonly TargetStatus[];
}

export interface MeshStatusInput {
  readonly snapshots: ReadonlyMap<TargetKey, { readonly version: string; readonly meshVersion: number }>;
  readonly reports: readonly StoredAgentReport[];
  readonly now: number;
  readonly head: number;
  readonly projected: number;
  /** The mesh version to check for; the head when absent. */
  readonly version?: number;
}

/**
 * `istioctl proxy-status` and `istioctl x wait` for a mesh: each node and
 * gateway with a snapshot, the proxies connected to it through live agents,
 * the version each runs, and whether each has mesh version N. A snapshot
 * that later events left unchanged is still current, so a proxy has N when
 * it runs its target's stored snapshot and that snapshot is compiled from N
 * or later (its own mesh version, or the projector's checkpoint, says so).
 *
 * Only targets with a snapshot are listed: one without (deleted, or not yet
 * projected) has nothing current to run, and its agents' reports are left
 * out. Reports are read defensively, since an agent's body is not trusted
 * to have the shape it should. Pure: storage reads in, a table out.
 */
export function meshStatus(input: MeshStatusInput): MeshStatus {
  const { snapshots, now, head, projected } = input;
  const version = input.version ?? head;
  const live = input.reports.filter((r) => now - r.reportedAt <= agentReportTtlMs);
  const laggards: Laggard[] = projected < version ? [{ who: 'projector', reason: `has projected mesh version ${projected} of ${version}` }] : [];
  const proxies = [...snapshots.keys()].sort().map((target): TargetStatus => {
    const stored = snapshots.get(target);
    const compiledFromVersion = stored !== undefined && (projected >= version || stored.meshVersion >= version);
    const mine = live.filter((r) => r.target === target);
    const states = mine.flatMap((r) =>
      proxiesOf(r.report).map((p): ProxyState => {
        const pending = Object.values(p.types).some((t) => isRecord(t) && t['pendingVersion'] !== undefined);
        const runningVersion = pending ? undefined : p.snapshotVersion;
        const converged = runningVersion !== undefined && runningVersion === stored?.version && !p.lastNack;
        const hasVersion = converged && compiledFromVersion;
        if (!hasVersion) laggards.push({ who: `${target} agent ${r.agentId} proxy ${p.nodeId}`, reason: lagReason(p, runningVersion, stored?.version, compiledFromVersion) });
        return { agentId: r.agentId, nodeId: p.nodeId, ...(runningVersion ? { runningVersion } : {}), converged, hasVersion, ...(p.lastNack ? { nack: p.lastNack } : {}) };
      }),
    );
    return {
      target,
      ...(stored ? { snapshotVersion: stored.version, meshVersion: stored.meshVersion } : {}),
      agents: mine.length,
      proxies: states,
      connected: states.length,
      converged: states.filter((p) => p.converged).length,
      nacks: states.filter((p) => p.nack).length,
      refusals: mine.flatMap((r) => refusalsOf(r.report).map((f) => ({ agentId: r.agentId, ...f }))),
    };
  });
  return { head, projected, version, converged: laggards.length === 0, laggards, proxies };
}

function lagReason(p: ProxyReport, running: string | undefined, stored: string | undefined, compiledFromVersion: boolean): string {
  if (p.lastNack) return `NACKed ${p.lastNack.typeUrl.split('.').pop() ?? ''} ${p.lastNack.version}: ${p.lastNack.message}`;
  if (running === undefined) return p.snapshotVersion === undefined ? 'has no config yet' : `has not ACKed ${p.snapshotVersion} yet`;
  if (running !== stored) return `runs ${running}, not ${stored ?? 'the current snapshot'}`;
  return compiledFromVersion ? 'unknown' : 'runs a snapshot compiled before that version';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The proxies of a report, each read field by field: a malformed entry never breaks the status. */
function proxiesOf(report: unknown): ProxyReport[] {
  const list = isRecord(report) && Array.isArray(report['proxies']) ? (report['proxies'] as unknown[]) : [];
  return list.filter(isRecord).map((p) => {
    const snapshotVersion = text(p['snapshotVersion']);
    const nack = isRecord(p['lastNack']) ? p['lastNack'] : undefined;
    const lastNack = nack && { typeUrl: text(nack['typeUrl']) ?? '', version: text(nack['version']) ?? '', message: text(nack['message']) ?? '', at: text(nack['at']) ?? '' };
    return {
      nodeId: text(p['nodeId']) ?? '',
      servedNode: text(p['servedNode']) ?? '',
      ...(snapshotVersion !== undefined ? { snapshotVersion } : {}),
      types: isRecord(p['types']) ? (p['types'] as ProxyReport['types']) : {},
      ...(lastNack ? { lastNack } : {}),
    };
  });
}

function refusalsOf(report: unknown): { version?: string; reason: string; at: string }[] {
  const list = isRecord(report) && Array.isArray(report['refusals']) ? (report['refusals'] as unknown[]) : [];
  return list.filter(isRecord).map((f) => {
    const version = text(f['version']);
    return { ...(version !== undefined ? { version } : {}), reason: text(f['reason']) ?? '', at: text(f['at']) ?? '' };
  });
}
