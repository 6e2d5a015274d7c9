// The agent's status reports against a real HTTP server on a real socket:
// refused and lost reports are retried with growing delays long before the
// next heartbeat, and reports are SigV4-signed when the agent has credentials.
import { once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { controlPlaneHttp, plainHttp } from '../../proxy-agent/controlPlaneHttp.js';
import type { NodeIdentity } from '../../proxy-agent/nodeIdentity.js';
import { startStatusReporter } from '../../proxy-agent/statusReporter.js';
import { eventually } from './fakeEnvoy.js';

const identity: NodeIdentity = { mesh: 'shop', kind: 'virtualNode', name: 'cart-v1' };

interface Received {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A control plane that answers the first `failFirst` reports with 503, then 200. */
async function controlPlane(failFirst: number, port = 0): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: performance.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const fail = received.length <= failFirst;
      res.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' }).end(fail ? '{"message":"unavailable"}' : '{}');
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

function reporter(url: string, options: { http?: Parameters<typeof startStatusReporter>[0]['http']; retryMs?: number } = {}) {
  const logs: { message: string; details?: Record<string, unknown> }[] = [];
  const started = startStatusReporter({
    controlPlane: url,
    identity,
    agentId: 'host-1',
    http: options.http ?? plainHttp,
    // Ticks and heartbeats far away: anything sooner is a retry.
    intervalMs: 10_000,
    heartbeatMs: 20_000,
    retryMs: options.retryMs ?? 100,
    maxRetryMs: 5_000,
    collect: () => ({ snapshotVersion: 'v1', proxies: [] }),
    log: (message, details) => logs.push({ message, ...(details ? { details } : {}) }),
  });
  cleanups.push(() => started.stop());
  return { ...started, logs };
}

describe('the status reporter', () => {
  it('retries refused reports with growing delays, well before the next heartbeat, and logs the outage once', async () => {
    const server = await controlPlane(3);
    const { logs } = reporter(server.url);
    await eventually(() => server.received.length === 4, 5_000);

    const [first, , , last] = server.received;
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(Array(4).fill('PUT /v1/meshes/shop/virtualNodes/cart-v1/agents/host-1'));
    expect(JSON.parse(last?.body ?? '')).toEqual({ snapshotVersion: 'v1', proxies: [] });
    // Three retries in far less than the 10 s tick and 20 s heartbeat.
    expect((last?.at ?? 0) - (first?.at ?? 0)).toBeLessThan(3_000);
    // Delay n is at least half of 100 ms * 2^(n-1): 50, 100, 200 ms; the third is longer than the first.
    const gaps = server.received.slice(1).map((r, i) => r.at - (server.received[i]?.at ?? 0));
    gaps.forEach((gap, i) => expect(gap, `gap ${i + 1} of ${gaps.map(Math.round).join(', ')} ms`).toBeGreaterThanOrEqual(50 * 2 ** i - 2));
    expect(gaps[2]).toBeGreaterThan(gaps[0] ?? Infinity);

    expect(logs.filter((l) => l.message.startsWith('status report failed'))).toEqual([{ message: 'status report failed; retrying with backoff', details: expect.objectContaining({ status: 503, level: 'warn' }) }]);
    expect(logs.filter((l) => l.message.startsWith('status reports reach'))).toEqual([{ message: 'status reports reach the control plane again', details: { failedAttempts: 3 } }]);
    // Delivered: nothing more until a change or the heartbeat.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.received).toHaveLength(4);
  });

  it('retries a report the network lost, once the control plane listens again', async () => {
    // A port nobody listens on yet: the first reports are refused by the kernel.
    const probe = await controlPlane(0);
    const port = Number(new URL(probe.url).port);
    await new Promise((resolve) => probe.server.close(resolve));
    const { logs } = reporter(probe.url, { retryMs: 50 });
    await eventually(() => logs.some((l) => l.message.startsWith('status report failed')), 5_000);
    expect(logs[0]?.details?.['error']).toMatch(/ECONNREFUSED/);

    const server = await controlPlane(0, port);
    const back = performance.now();
    await eventually(() => server.received.length === 1, 8_000);
    expect((server.received[0]?.at ?? Infinity) - back).toBeLessThan(6_000); // the capped backoff, not the 10 s tick
    expect(logs.filter((l) => l.message.startsWith('status report failed'))).toHaveLength(1);
  });

  it('signs reports for API Gateway (execute-api) when the agent has AWS credentials', async () => {
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDEXAMPLE';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    cleanups.push(async () => {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    const server = await controlPlane(0);
    reporter(server.url, { http: await controlPlaneHttp('eu-west-1') });
    await eventually(() => server.received.length === 1, 5_000);

    const headers = server.received[0]?.headers ?? {};
    expect(headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});
