// `weft agent` reading App Mesh's Envoy image environment end to end: the
// bootstrap (and sampling manifest) `weft agent bootstrap` writes, the clear
// usage error for a bad environment, and the flags, drain time and
// ENVOY_CONFIG_FILE the supervised Envoy gets.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './fakeEnvoy.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-agent-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function weftAgent(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/weft.mjs', 'agent', ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('weft agent with an App Mesh task definition environment', () => {
  it('bootstrap --out writes the bootstrap and, for XRAY_SAMPLING_RATE, the sampling manifest beside it', async () => {
    const out = join(dir, 'envoy.yaml');
    const env = { APPMESH_RESOURCE_ARN: 'arn:aws:appmesh:us-west-2:123456789012:mesh/shop/virtualNode/web', ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_SAMPLING_RATE: '0.25', APPMESH_METRIC_EXTENSION_VERSION: '1' };
    const { code } = await weftAgent(['bootstrap', '--out', out], env);
    expect(code).toBe(0);
    const bootstrap = JSON.parse(readFileSync(out, 'utf8'));
    expect(bootstrap.node.metadata['aws.appmesh.metric_filter']).toEqual({ level: '1' });
    expect(bootstrap.tracing.http.typed_config.sampling_rule_manifest).toEqual({ filename: join(dir, 'xray-sampling-rules.json') });
    expect(JSON.parse(readFileSync(join(dir, 'xray-sampling-rules.json'), 'utf8'))).toEqual({ version: 2, default: { fixed_target: 1, rate: 0.25 }, rules: [] });
  }, 30_000);

  it('stops with a one-line usage error naming both variables when two tracers are on', async () => {
    const { code, stderr } = await weftAgent(['bootstrap', '--node', 'mesh/shop/virtualNode/web', '--out', join(dir, 'never.yaml')], { ENABLE_ENVOY_XRAY_TRACING: '1', ENABLE_ENVOY_JAEGER_TRACING: '1' });
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe('weft agent: only one tracer can be on, but ENABLE_ENVOY_XRAY_TRACING and ENABLE_ENVOY_JAEGER_TRACING are both set: enable only one of them');
    expect(existsSync(join(dir, 'never.yaml'))).toBe(false);
  }, 30_000);

  it("takes the node from the image's older APPMESH_VIRTUAL_NODE_NAME when APPMESH_RESOURCE_ARN is unset", async () => {
    const out = join(dir, 'old-name.yaml');
    const { code } = await weftAgent(['bootstrap', '--out', out], { APPMESH_VIRTUAL_NODE_NAME: 'mesh/apps/virtualNode/colorteller' });
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).node.id).toBe('mesh/apps/virtualNode/colorteller');
  }, 30_000);

  it('bootstrap --out copies the bootstrap ENVOY_CONFIG_FILE holds, as it is', async () => {
    writeFileSync(join(dir, 'own.yaml'), 'admin: {}\n');
    const { code } = await weftAgent(['bootstrap', '--node', 'mesh/shop/virtualNode/web', '--out', join(dir, 'copy.yaml')], { ENVOY_CONFIG_FILE: join(dir, 'own.yaml') });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'copy.yaml'), 'utf8')).toBe('admin: {}\n');
  }, 30_000);

  it('starts the supervised Envoy with ENVOY_LOG_LEVEL, ENVOY_CONCURRENCY and LISTENER_DRAIN_WAIT_TIME_S, reading ENVOY_CONFIG_FILE', async () => {
    // An "Envoy" that records its arguments and waits to be stopped.
    const envoy = join(dir, 'envoy.sh');
    writeFileSync(envoy, `#!/bin/sh\necho "$@" > ${join(dir, 'argv.txt')}\nexec sleep 60\n`);
    chmodSync(envoy, 0o755);
    const configFile = join(dir, 'empty-envoy.yaml');
    writeFileSync(configFile, ''); // empty: the image filled it with the generated bootstrap
    const env = { ENVOY_LOG_LEVEL: 'debug', ENVOY_CONCURRENCY: '2', LISTENER_DRAIN_WAIT_TIME_S: '30', ENVOY_CONFIG_FILE: configFile };
    const args = ['--node', 'mesh/shop/virtualNode/web', '--control-plane', 'http://127.0.0.1:9', '--xds-address', '127.0.0.1:0', '--cache-dir', join(dir, 'cache'), '--envoy', envoy];
    const child = spawn(process.execPath, ['bin/weft.mjs', 'agent', ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: 'ignore' });
    try {
      await eventually(() => existsSync(join(dir, 'argv.txt')) && readFileSync(join(dir, 'argv.txt'), 'utf8').includes('--concurrency'), 20_000);
      expect(readFileSync(join(dir, 'argv.txt'), 'utf8').trim()).toBe(`-c ${configFile} --drain-time-s 30 -l debug --concurrency 2`);
      expect(JSON.parse(readFileSync(configFile, 'utf8')).node.id).toBe('mesh/shop/virtualNode/web');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 40_000);
});
