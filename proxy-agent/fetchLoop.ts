import { createRequire } from 'node:module';
import { contentVersion } from '../core/projection/snapshot.js';
import type { Snapshot } from '../core/projection/snapshot.js';
import type { RegexEngine } from '../core/projection/validate/regexEngine.js';
import { snapshotValidator } from '../core/projection/validate/snapshotValidator.js';
import { formatViolation } from '../core/projection/validate/violation.js';
import type { NodeIdentity } from './nodeIdentity.js';
import { envoyNodeIdOf, snapshotPathOf } from './nodeIdentity.js';
import type { ControlPlaneHttp } from './controlPlaneHttp.js';

export interface FetchLoopOptions {
  readonly controlPlane: string;
  readonly identity: NodeIdentity;
  readonly http: ControlPlaneHttp;
  /** Used when the control plane answers at once instead of holding the request (API Gateway + Lambda). */
  readonly pollIntervalMs: number;
  /** The version already held (from disk), sent as If-None-Match. */
  readonly initialVersion?: string;
  /** A snapshot that passed the agent's own checks; a throw here refuses it too. */
  readonly accept: (snapshot: Snapshot) => Promise<void>;
  readonly refused: (snapshot: Snapshot | undefined, reason: string) => void;
  readonly log: (message: string, details?: Record<string, unknown>) => void;
  readonly maxBackoffMs?: number;
}

const longPollSeconds = 20;

/**
 * Keeps the agent's snapshot current: a long poll with If-None-Match where the
 * control plane holds requests, polling (jittered) where it answers at once,
 * capped exponential backoff with full jitter while it is unreachable.
 */
export function startFetchLoop(options: FetchLoopOptions): { stop(): Promise<void>; version(): string | undefined } {
  const stopper = new AbortController();
  if (!re2) options.log(`snapshot regex check ${regexCheck}`, { level: 'warn' });
  let version = options.initialVersion;
  let failures = 0;
  const url = `${options.controlPlane.replace(/\/$/, '')}${snapshotPathOf(options.identity)}?wait=${longPollSeconds}`;
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    stopper.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  const jittered = (ms: number) => ms / 2 + Math.random() * (ms / 2);

  const once = async (): Promise<number> => {
    const started = Date.now();
    const response = await options.http(url, { headers: version ? { 'if-none-match': `"${version}"` } : {}, signal: stopper.signal });
    failures = 0;
    if (response.status === 304 || response.status === 404) {
      // A control plane that held the request can be asked again at once; one that answered at once is polled.
      return Date.now() - started > (longPollSeconds * 1000) / 2 ? 0 : jittered(options.pollIntervalMs);
    }
    if (response.status !== 200) throw new Error(`control plane answered ${response.status}: ${response.body.slice(0, 200)}`);
    const snapshot = JSON.parse(response.body) as Snapshot;
    const problem = checkSnapshot(snapshot, envoyNodeIdOf(options.identity));
    if (problem) {
      options.refused(snapshot, problem);
      version = snapshot.version; // don't fetch the same bad snapshot in a tight loop; wait for the next version
      return jittered(options.pollIntervalMs);
    }
    try {
      await options.accept(snapshot);
      version = snapshot.version;
    } catch (error) {
      options.refused(snapshot, error instanceof Error ? error.message : String(error));
      version = snapshot.version;
    }
    return 0;
  };

  const running = (async () => {
    while (!stopper.signal.aborted) {
      let wait: number;
      try {
        wait = await once();
      } catch (error) {
        if (stopper.signal.aborted) break;
        failures++;
        wait = Math.random() * Math.min(options.maxBackoffMs ?? 30_000, 250 * 2 ** failures);
        options.log('control plane unreachable; keeping the last good snapshot', { error: error instanceof Error ? error.message : String(error), retryInMs: Math.round(wait) });
      }
      if (wait > 0) await sleep(wait);
    }
  })();

  return {
    async stop() {
      stopper.abort();
      await running;
    },
    version: () => version,
  };
}

/**
 * RE2 for the safe_regex check, where this host has the native addon: the
 * bundle cannot carry it (esbuild leaves this require alone). Without it,
 * only that one check is skipped.
 */
function hostRe2(): RegexEngine | undefined {
  try {
    const RE2 = createRequire(import.meta.url)('re2') as new (pattern: string, flags: string) => { test(value: string): boolean };
    return { name: 'RE2', compile: (pattern) => new RE2(pattern, 'u') };
  } catch {
    return undefined;
  }
}

const re2 = hostRe2();
const validate = snapshotValidator(re2);
/** Said once, in the agent's log, when the regex check is off. */
export const regexCheck = re2 ? 'RE2' : 'skipped: the re2 addon is not installed on this host';

/** The agent's own checks before it serves anything: right node, content matches its version, and Envoy would accept it (core/projection/validate). */
export function checkSnapshot(snapshot: Snapshot, nodeId: string): string | undefined {
  if (snapshot.node !== nodeId) return `snapshot is for '${snapshot.node}', not '${nodeId}'`;
  if (contentVersion(snapshot.resources) !== snapshot.version) return `snapshot content does not match its version ${snapshot.version}`;
  const violations = validate(snapshot);
  if (violations.length === 0) return undefined;
  const shown = violations.slice(0, 5).map(formatViolation).join('; ');
  return `Envoy would NACK snapshot ${snapshot.version} for '${snapshot.node}': ${shown}${violations.length > 5 ? ` (and ${violations.length - 5} more)` : ''}`;
}
