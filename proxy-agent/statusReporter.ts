import type { NodeIdentity } from './nodeIdentity.js';
import type { Fetch } from './signedFetch.js';

export interface StatusReporterOptions {
  readonly controlPlane: string;
  readonly identity: NodeIdentity;
  readonly agentId: string;
  readonly fetch: Fetch;
  readonly intervalMs: number;
  readonly collect: () => Record<string, unknown>;
}

/**
 * Tells the control plane, every few seconds and whenever asked, what this
 * agent serves and what each connected proxy ACKed or NACKed. Reports are
 * best effort: a missed one only ages the status shown.
 */
export function startStatusReporter(options: StatusReporterOptions): { stop(): Promise<void>; reportNow(): Promise<void> } {
  const { identity } = options;
  const url = `${options.controlPlane.replace(/\/$/, '')}/v1/meshes/${encodeURIComponent(identity.mesh)}/${identity.kind}s/${encodeURIComponent(identity.name)}/agents/${encodeURIComponent(options.agentId)}`;
  let inFlight: Promise<void> = Promise.resolve();
  const report = () => {
    inFlight = inFlight.then(async () => {
      try {
        const response = await options.fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.collect()) });
        await response.body?.cancel();
      } catch {
        // the control plane is down; the next report will tell it
      }
    });
    return inFlight;
  };
  const timer = setInterval(() => void report(), options.intervalMs);
  timer.unref();
  void report();
  return {
    reportNow: report,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
