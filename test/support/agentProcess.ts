// The agent as hosts run it, for tests and benches: the bundle that
// scripts/build-agent.mjs makes, started through the bin/weft-agent launcher.
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export type AgentProcess = ChildProcessByStdio<null, Readable, null>;

/** Builds dist/weft-agent.mjs, or `outfile`. */
export function buildAgentBundle(outfile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    spawn(process.execPath, ['scripts/build-agent.mjs', ...(outfile ? ['--outfile', outfile] : [])], { stdio: 'inherit' })
      .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/build-agent.mjs exited ${code}`))));
  });
}

/** Runs the launcher with `args` (which should ask for `--xds-address 127.0.0.1:0`) and waits for the port it prints once serving. */
export function startAgentProcess(launcher: string, args: readonly string[], cwd?: string): Promise<{ child: AgentProcess; port: number }> {
  const child = spawn('sh', [launcher, ...args], { stdio: ['ignore', 'pipe', 'ignore'], ...(cwd ? { cwd } : {}) });
  let stdout = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the agent did not start within 20 s: ${stdout}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /xDS on 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited (${code}) before serving: ${stdout}`));
    });
  });
}
