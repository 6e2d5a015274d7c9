// The supervisor as the agent drives it from App Mesh's image environment:
// ENVOY_LOG_LEVEL and ENVOY_CONCURRENCY as Envoy flags, LISTENER_DRAIN_WAIT_TIME_S
// as the drain time, and APPNET_ENVOY_RESTART_COUNT as restarts over the
// agent's life (an infinite window), however far apart the crashes are.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpFakes, eventually, fakeEnvoy, timersDue } from './fakeEnvoy.js';

afterEach(cleanUpFakes);

describe('startEnvoy with the image environment', () => {
  it('passes the log level and concurrency to Envoy as -l and --concurrency, after the drain time', async () => {
    const fake = await fakeEnvoy();
    fake.start([], { logLevel: 'debug', concurrency: 2, drainSeconds: 45 });
    await eventually(() => fake.events().includes('listening'));

    expect(fake.records()[0]?.argv).toEqual(['-c', fake.bootstrapPath, '--drain-time-s', '45', '-l', 'debug', '--concurrency', '2', '--record', fake.recordFile]);
  });

  it('with an infinite window, stops restarting after maxRestarts even when the crashes are far apart', async () => {
    const fake = await fakeEnvoy();
    // Crashes 150 ms apart leave any window shorter than that empty (the 'keeps restarting' test); an infinite one never empties.
    const envoy = fake.start(['--crash-after-ms', '150'], { maxRestarts: 2, restartWindowMs: Number.POSITIVE_INFINITY, backoffMs: 10 });
    await eventually(() => fake.logs.some((l) => l.message.startsWith('envoy keeps exiting')), 10_000);
    await timersDue(200);

    expect(fake.events().filter((e) => e === 'start')).toHaveLength(3);
    expect(envoy.restarts()).toBe(2);
  });
});
