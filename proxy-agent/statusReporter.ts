import type { NodeIdentity } from './nodeIdentity.js';
import type { ControlPlaneHttp } from './controlPlaneHttp.js';

export interface StatusReporterOptions {
  readonly controlPlane: string;
  readonly identity: NodeIdentity;
  readonly agentId: string;
  readonly http: ControlPlaneHttp;
  /** How often to look for a change worth reporting. */
  readonly intervalMs: number;
  /** An unchanged status is re-sent this often, so the control plane knows the agent is alive. */
  readonly heartbeatMs?: number;
  readonly collect: () => Record<string, unknown>;
}

/**
 * Tells the control plane what this agent serves and what each connected
 * proxy ACKed or NACKed: soon after it changes, and otherwise only as a
 * heartbeat, so an idle agent stays idle. Reports are best effort: a missed
 * one only ages the status shown.
 */
export function startStatusReporter(options: StatusReporterOptions): { stop(): Promise<void>; reportNow(): Promise<void> } {
  const { identity } = options;
  const url = `${options.controlPlane.replace(/\/$/, '')}/v1/meshes/${encodeURIComponent(identity.mesh)}/${identity.kind}s/${encodeURIComponent(identity.name)}/agents/${encodeURIComponent(options.agentId)}`;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  let inFlight: Promise<void> = Promise.resolve();
  let lastBody = '';
  let lastSent = 0;
  const report = (force = true) => {
    inFlight = inFlight.then(async () => {
      const body = JSON.stringify(options.collect());
      if (!force && body === lastBody && Date.now() - lastSent < heartbeatMs) return;
      try {
        const response = await options.http(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
        if (response.status >= 300) return; // refused (auth, validation): sent again at the next tick
        lastBody = body;
        lastSent = Date.now();
      } catch {
        // the control plane is down; the next report will tell it
      }
    });
    return inFlight;
  };
  const timer = setInterval(() => void report(false), options.intervalMs);
  timer.unref();
  void report();
  return {
    reportNow: () => report(true),
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
