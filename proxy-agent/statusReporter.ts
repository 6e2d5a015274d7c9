import type { NodeIdentity } from './nodeIdentity.js';
import type { ControlPlaneHttp } from './controlPlaneHttp.js';

export interface StatusReporterOptions {
  readonly controlPlane: string;
  readonly identity: NodeIdentity;
  readonly agentId: string;
  /** The agent's HTTP to the control plane: SigV4-signed where API Gateway's IAM auth needs it (controlPlaneHttp.ts). */
  readonly http: ControlPlaneHttp;
  /** How often to look for a change worth reporting. */
  readonly intervalMs: number;
  /** An unchanged status is re-sent this often, so the control plane knows the agent is alive. */
  readonly heartbeatMs?: number;
  /** A failed report is sent again after about this long, doubling per failure up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  readonly collect: () => Record<string, unknown>;
  readonly log?: (message: string, details?: Record<string, unknown>) => void;
}

const defaultLog = (message: string, details?: Record<string, unknown>) => console.error(JSON.stringify({ level: 'info', message, ...details }));

/**
 * Half the capped exponential delay plus a random half ("equal jitter"): agents
 * that lost the control plane together spread out when it returns, and each
 * retry still waits longer than the one before.
 */
export function retryDelayMs(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Tells the control plane what this agent serves and what each connected
 * proxy ACKed or NACKed: soon after it changes, and otherwise only as a
 * heartbeat, so an idle agent stays idle. A refused or lost report is logged
 * once per outage and sent again (with the status as it is then) after a
 * growing, jittered delay rather than a whole tick later.
 */
export function startStatusReporter(options: StatusReporterOptions): { stop(): Promise<void>; reportNow(): Promise<void> } {
  const { identity } = options;
  const url = `${options.controlPlane.replace(/\/$/, '')}/v1/meshes/${encodeURIComponent(identity.mesh)}/${identity.kind}s/${encodeURIComponent(identity.name)}/agents/${encodeURIComponent(options.agentId)}`;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? heartbeatMs;
  const log = options.log ?? defaultLog;
  let inFlight: Promise<void> = Promise.resolve();
  let lastBody = '';
  let lastSent = 0;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  const failed = (reason: Record<string, unknown>) => {
    failures++;
    // One line when reports start failing, not one per retry.
    if (failures === 1) log('status report failed; retrying with backoff', { level: 'warn', url, ...reason });
    clearTimeout(retry);
    if (stopped) return;
    retry = setTimeout(() => void report(true), retryDelayMs(failures, retryMs, maxRetryMs));
    retry.unref();
  };

  const send = async (force: boolean) => {
    // While a retry is pending, ticks leave the sending to it.
    if (!force && failures > 0) return;
    const body = JSON.stringify(options.collect());
    if (!force && body === lastBody && Date.now() - lastSent < heartbeatMs) return;
    let status: number;
    try {
      status = (await options.http(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })).status;
    } catch (error) {
      failed({ error: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (status < 200 || status >= 300) {
      failed({ status });
      return;
    }
    if (failures > 0) log('status reports reach the control plane again', { failedAttempts: failures });
    failures = 0;
    clearTimeout(retry);
    lastBody = body;
    lastSent = Date.now();
  };
  const report = (force: boolean) => (inFlight = inFlight.then(() => send(force)));

  const timer = setInterval(() => void report(false), options.intervalMs);
  timer.unref();
  void report(true);
  return {
    reportNow: () => report(true),
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(retry);
      await inFlight;
      clearTimeout(retry);
    },
  };
}
