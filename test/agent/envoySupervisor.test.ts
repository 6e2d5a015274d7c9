// The supervisor starting and restarting a real child process: a stand-in
// for Envoy (fixtures/fake-envoy.mjs) that reads the bootstrap and records
// what it went through.
import { afterEach, describe, expect, it } from 'vitest';
import { alive, cleanUpFakes, eventually, fakeEnvoy, timersDue } from './fakeEnvoy.js';

afterEach(cleanUpFakes);

const starts = (events: string[]) => events.filter((e) => e === 'start').length;

describe('startEnvoy', () => {
  it('starts Envoy with the bootstrap and the drain time', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--exit-after-drain-ms', '0'], { drainSeconds: 20 });
    await eventually(() => fake.events().includes('listening'));

    const [start] = fake.records();
    expect(start?.argv).toEqual(['-c', fake.bootstrapPath, '--drain-time-s', '20', '--record', fake.recordFile, '--exit-after-drain-ms', '0']);
    expect(start?.nodeId).toBe('mesh/shop/virtualNode/cart-v1');
    expect(envoy.pid()).toBe(start?.pid);
    expect(envoy.restarts()).toBe(0);
  });

  it('restarts Envoy when it crashes', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--crash-after-ms', '100', '--crash-times', '1']);
    await eventually(() => fake.events().filter((e) => e === 'listening').length === 2);

    const [first, second] = fake.records().filter((r) => r.event === 'start');
    expect(second?.pid).not.toBe(first?.pid);
    expect(second?.argv).toEqual(first?.argv);
    expect(envoy.pid()).toBe(second?.pid);
    expect(envoy.restarts()).toBe(1);
    expect(fake.logs.map((l) => l.message)).toContain('envoy exited unexpectedly: restarting it');
    expect(fake.logs.find((l) => l.message.startsWith('envoy exited'))?.details).toMatchObject({ code: 3 });
  });

  it('gives up after maxRestarts within the window, and says so', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--crash-after-ms', '30'], { maxRestarts: 2, restartWindowMs: 60_000, backoffMs: 10 });
    await eventually(() => fake.logs.some((l) => l.message.startsWith('envoy keeps exiting')));
    // A third restart would have been due 10 * 2^2 ms after giving up.
    await timersDue(40);

    expect(starts(fake.events())).toBe(3); // the first start and two restarts
    expect(envoy.restarts()).toBe(2);
    expect(envoy.pid()).toBeUndefined();
    expect(fake.logs.find((l) => l.message.startsWith('envoy keeps exiting'))?.details).toMatchObject({ level: 'error', code: 3 });
  });

  it('keeps restarting when earlier restarts have left the window', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--crash-after-ms', '400'], { maxRestarts: 1, restartWindowMs: 150 });
    await eventually(() => starts(fake.events()) >= 3, 10_000);

    expect(envoy.restarts()).toBeGreaterThanOrEqual(2);
    expect(fake.logs.some((l) => l.message.startsWith('envoy keeps exiting'))).toBe(false);
  });

  it('backs off more with each restart within the window', async () => {
    const fake = await fakeEnvoy();
    fake.start(['--crash-after-ms', '0'], { maxRestarts: 3, backoffMs: 50 });
    await eventually(() => fake.logs.some((l) => l.message.startsWith('envoy keeps exiting')));

    const delays = fake.logs.filter((l) => l.message.startsWith('envoy exited unexpectedly')).map((l) => l.details?.['delayMs']);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('starts nothing more once stopped while waiting to restart', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--crash-after-ms', '0'], { backoffMs: 300 });
    // The restart is scheduled as this is logged.
    await eventually(() => fake.logs.some((l) => l.message.startsWith('envoy exited unexpectedly')));
    await envoy.stop();
    await timersDue(300);

    expect(envoy.restarts()).toBe(0);
    expect(envoy.pid()).toBeUndefined();
    expect(starts(fake.events())).toBe(1);
  });

  it('reports an Envoy that cannot be started, and gives up on it', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start([], { envoyPath: '/nonexistent/envoy', maxRestarts: 1 });
    await eventually(() => fake.logs.some((l) => l.message.startsWith('envoy keeps exiting')));

    expect(fake.logs.find((l) => l.message.startsWith('envoy keeps exiting'))?.details?.['error']).toMatch(/ENOENT/);
    expect(envoy.pid()).toBeUndefined();
    await envoy.stop();
  });

  it('leaves every started process gone after stop()', async () => {
    const fake = await fakeEnvoy();
    const envoy = fake.start(['--crash-after-ms', '100', '--crash-times', '1']);
    await eventually(() => fake.events().filter((e) => e === 'listening').length === 2);
    await envoy.stop();

    for (const record of fake.records()) expect(alive(record.pid)).toBe(false);
  });
});
