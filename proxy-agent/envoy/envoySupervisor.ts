// Runs the host's Envoy as the agent's child: restarts it when it dies, within
// limits, and takes it down gently (drain first) when the agent stops. If
// Envoy keeps dying the agent stays up, serving xDS, so the failure is visible
// in its reports instead of in a restart loop.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

export interface EnvoySupervisorOptions {
  readonly envoyPath: string;
  readonly bootstrapPath: string;
  /** Where Envoy's admin interface listens (the bootstrap's admin port), for the drain calls. */
  readonly adminPort: number;
  /** Envoy's `-l` (ENVOY_LOG_LEVEL); Envoy's own default (info) when absent. */
  readonly logLevel?: string;
  /** Envoy's `--concurrency` (ENVOY_CONCURRENCY); one worker per hardware thread when absent. */
  readonly concurrency?: number;
  /** More command-line arguments, after `-c`, `--drain-time-s`, `-l` and `--concurrency`. */
  readonly args?: readonly string[];
  /**
   * Restarts allowed within restartWindowMs before giving up (default 5 in
   * 60 s). The agent passes App Mesh's APPNET_ENVOY_RESTART_COUNT with an
   * infinite window: that many restarts over the agent's life, as the image did.
   */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** Envoy's --drain-time-s, and how long stop() waits for the drain (default 20). */
  readonly drainSeconds?: number;
  /** Delay before the first restart in a window; it doubles with each further one (default 500 ms). */
  readonly backoffMs?: number;
  /** How long Envoy gets to exit after SIGTERM before SIGKILL (default 5 s). */
  readonly killAfterMs?: number;
  readonly log: (message: string, details?: Record<string, unknown>) => void;
}

export interface EnvoySupervisor {
  /** Drains Envoy and stops it; resolves once it has exited. */
  stop(): Promise<void>;
  /** The running Envoy's pid, if one is running. */
  pid(): number | undefined;
  /** How many times Envoy has been restarted after an unexpected exit. */
  restarts(): number;
}

const maxBackoffMs = 30_000;

export function startEnvoy(options: EnvoySupervisorOptions): EnvoySupervisor {
  const { log } = options;
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.restartWindowMs ?? 60_000;
  const drainSeconds = options.drainSeconds ?? 20;
  const backoffMs = options.backoffMs ?? 500;
  const killAfterMs = options.killAfterMs ?? 5000;
  const args = [
    '-c', options.bootstrapPath,
    '--drain-time-s', String(Math.ceil(drainSeconds)),
    ...(options.logLevel ? ['-l', options.logLevel] : []),
    ...(options.concurrency !== undefined ? ['--concurrency', String(options.concurrency)] : []),
    ...(options.args ?? []),
  ];

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const recentRestarts: number[] = [];
  let restartCount = 0;

  // An agent that exits, throws or calls process.exit() must not leave Envoy
  // running with nobody to restart or stop it. 'exit' handlers cannot wait, hence SIGKILL.
  const killOnExit = () => void child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  function launch(): void {
    const proc = spawn(options.envoyPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child = proc;
    let markExited!: () => void;
    exited = new Promise((resolve) => (markExited = resolve));
    let ended = false;
    const onEnd = (details: Record<string, unknown>) => {
      if (ended) return;
      ended = true;
      if (child === proc) child = undefined;
      markExited();
      if (!stopping) crashed(details);
    };
    proc.once('exit', (code, signal) => onEnd({ code, signal }));
    // 'error' without a pid is a failed spawn (no such file, not executable), which never emits 'exit'.
    proc.on('error', (error) => (proc.pid === undefined ? onEnd({ error: error.message }) : log('envoy process error', { level: 'warn', error: error.message })));
    if (proc.pid !== undefined) log('envoy started', { pid: proc.pid, envoyPath: options.envoyPath, args });
  }

  function crashed(details: Record<string, unknown>): void {
    const now = Date.now();
    while (recentRestarts.length > 0 && now - (recentRestarts[0] ?? now) >= windowMs) recentRestarts.shift();
    if (recentRestarts.length >= maxRestarts) {
      log('envoy keeps exiting: gave up restarting it; the agent keeps serving xDS', { level: 'error', ...details, restarts: recentRestarts.length, windowMs });
      process.off('exit', killOnExit);
      return;
    }
    const delayMs = Math.min(backoffMs * 2 ** recentRestarts.length, maxBackoffMs);
    log('envoy exited unexpectedly: restarting it', { level: 'warn', ...details, delayMs });
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      recentRestarts.push(Date.now());
      restartCount += 1;
      launch();
    }, delayMs);
  }

  async function shutdown(): Promise<void> {
    clearTimeout(restartTimer);
    const proc = child;
    if (proc) {
      if (await startDrain(options.adminPort, log)) {
        log('draining envoy', { pid: proc.pid, seconds: drainSeconds });
        await within(drainSeconds * 1000, exited);
      }
      if (child === proc) {
        proc.kill('SIGTERM');
        if (!(await within(killAfterMs, exited))) {
          log('envoy ignored SIGTERM: killing it', { level: 'warn', pid: proc.pid });
          proc.kill('SIGKILL');
          await exited;
        }
      }
      log('envoy stopped', { pid: proc.pid });
    }
    process.off('exit', killOnExit);
  }

  launch();
  return {
    stop: () => (stopping ??= shutdown()),
    pid: () => child?.pid,
    restarts: () => restartCount,
  };
}

/**
 * Fails Envoy's health check (so load balancers and App Mesh-style health
 * checks move traffic away) and starts a graceful listener drain. False when
 * the admin interface cannot be reached: nothing is draining then, so there
 * is nothing to wait for.
 */
async function startDrain(adminPort: number, log: EnvoySupervisorOptions['log']): Promise<boolean> {
  for (const path of ['/healthcheck/fail', '/drain_listeners?graceful']) {
    try {
      const response = await fetch(`http://127.0.0.1:${adminPort}${path}`, { method: 'POST', signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (!response.ok) log('envoy admin refused a drain call', { level: 'warn', path, status: response.status });
    } catch (error) {
      log('envoy admin unreachable: stopping envoy without a drain', { level: 'warn', path, error: (error as Error).message });
      return false;
    }
  }
  return true;
}

/** True if the promise settles within ms. */
async function within(ms: number, promise: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
