// How Envoy goes down: drained first through its admin interface, then
// signalled, and never left behind, not even when the agent itself just exits.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, cleanUpFakes, eventually, fakeEnvoy, fakeEnvoyPath } from './fakeEnvoy.js';

afterEach(cleanUpFakes);

const drainCalls = ['POST /healthcheck/fail', 'POST /drain_listeners?graceful'];

describe('stopping Envoy', () => {
  it('fails the health check, drains the listeners, waits the drain time, then sends SIGTERM', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start([], { drainSeconds: 0.3 });
    await eventually(() => fake.events().includes('listening'));
    const pid = envoy.pid() ?? 0;
    await envoy.stop();

    expect(fake.events()).toEqual(['start', 'listening', ...drainCalls, 'SIGTERM']);
    const at = (event: string) => fake.records().find((r) => r.event === event)?.at ?? 0;
    expect(at('SIGTERM') - at('POST /drain_listeners?graceful')).toBeGreaterThanOrEqual(250);
    expect(alive(pid)).toBe(false);
    expect(envoy.pid()).toBeUndefined();
  });

  it('returns as soon as Envoy exits during the drain', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--exit-after-drain-ms', '50'], { drainSeconds: 20 });
    await eventually(() => fake.events().includes('listening'));
    const started = Date.now();
    await envoy.stop();

    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.events()).toEqual(['start', 'listening', ...drainCalls]);
  });

  it('kills an Envoy that ignores SIGTERM', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--ignore-sigterm'], { drainSeconds: 0, killAfterMs: 200 });
    await eventually(() => fake.events().includes('listening'));
    const pid = envoy.pid() ?? 0;
    await envoy.stop();

    expect(fake.events()).toEqual(['start', 'listening', ...drainCalls, 'SIGTERM']);
    expect(alive(pid)).toBe(false);
    expect(fake.logs.map((l) => l.message)).toContain('envoy ignored SIGTERM: killing it');
  });

  it('signals an Envoy whose admin interface cannot be reached without waiting for a drain', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start([], { adminPort: 1, drainSeconds: 20 });
    await eventually(() => fake.events().includes('listening'));
    const started = Date.now();
    await envoy.stop();

    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.events()).toEqual(['start', 'listening', 'SIGTERM']);
  });

  it('is safe to call twice', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start();
    await eventually(() => fake.events().includes('listening'));
    await Promise.all([envoy.stop(), envoy.stop()]);
    await envoy.stop();

    expect(fake.events().filter((e) => e === 'SIGTERM')).toHaveLength(1);
  });

  for (const how of ['exit', 'throw']) {
    it(`kills Envoy when the agent process ends by ${how === 'exit' ? 'process.exit()' : 'an uncaught exception'}`, async () => {
      const fake = await fakeEnvoy();
      const agent = fileURLToPath(new URL('./fixtures/exitingAgent.ts', import.meta.url));
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', agent, fakeEnvoyPath, fake.bootstrapPath, String(fake.adminPort), fake.recordFile, how]);
      await (how === 'exit' ? run : expect(run).rejects.toThrow(/the agent crashed/));

      const [start] = fake.records();
      expect(start?.event).toBe('start');
      await eventually(() => !alive(start?.pid ?? 0), 2000);
    });
  }
});
