import { parseArgs } from 'node:util';
import type { MeshStatus, TargetStatus } from '../../core/application/proxyStatus.js';
import type { ControlPlaneHttp } from '../../proxy-agent/controlPlaneHttp.js';
import { controlPlaneHttp } from '../../proxy-agent/controlPlaneHttp.js';
import { UserError } from './userError.js';

export const statusUsage = `weft status --mesh <name> [--control-plane URL] [--json]   which proxy runs which config
weft status --mesh <name> --wait [--version N] [--timeout S]
  blocks until every connected proxy runs config compiled from mesh version N
  (default: the mesh's head when called; a change's N is the x-weft-mesh-version
  header of its answer), or exits 1 after S seconds (default 60) naming those behind.
  Requests are SigV4-signed (service execute-api) when the default AWS credential
  chain finds credentials; --region (default AWS_REGION or us-east-1) signs them.`;

type StatusBody = Partial<MeshStatus> & { message?: string };

const pollMs = 250;

/** `weft status`: the mesh's proxies as a table, like `istioctl proxy-status`; with --wait, like `istioctl x wait`. */
export async function weftStatus(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mesh: { type: 'string' },
      'control-plane': { type: 'string' },
      json: { type: 'boolean' },
      wait: { type: 'boolean' },
      version: { type: 'string' },
      timeout: { type: 'string' },
      region: { type: 'string' },
    },
  });
  if (!values.mesh) throw new UserError('which mesh? pass --mesh <name>');
  const wanted = values.version === undefined ? undefined : Number(values.version);
  if (wanted !== undefined && !(Number.isSafeInteger(wanted) && wanted >= 1)) throw new UserError(`--version must be a mesh version, a whole number from 1 (got '${values.version}')`);
  const timeoutS = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!(Number.isFinite(timeoutS) && timeoutS > 0)) throw new UserError(`--timeout must be a number of seconds above 0 (got '${values.timeout}')`);
  const base = (values['control-plane'] ?? 'http://127.0.0.1:7700').replace(/\/$/, '');
  const http = await controlPlaneHttp(values.region ?? process.env['AWS_REGION'] ?? 'us-east-1');
  const read = (version?: number) => readStatus(http, base, values.mesh ?? '', version);

  if (!values.wait) {
    const body = await read(wanted);
    const summary = `mesh ${values.mesh}: head ${body.head ?? 0}, projected ${body.projected ?? 0}; version ${body.version ?? 0} ${body.converged ? 'running on every connected proxy' : 'not everywhere yet'}`;
    console.log(values.json ? JSON.stringify(body, null, 2) : `${summary}\n${statusTable(body.proxies ?? [])}`);
    return;
  }
  const version = wanted ?? (await read()).head ?? 0;
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const body = await read(version);
    if (body.converged) {
      const proxies = (body.proxies ?? []).reduce((n, t) => n + t.connected, 0);
      console.log(values.json ? JSON.stringify(body, null, 2) : `mesh ${values.mesh} version ${version}: projected, and running on all ${proxies} connected ${proxies === 1 ? 'proxy' : 'proxies'}`);
      return;
    }
    if (Date.now() >= deadline) {
      const behind = (body.laggards ?? []).map((l) => `  ${l.who}: ${l.reason}`).join('\n');
      throw new UserError(`mesh ${values.mesh} version ${version} has not landed after ${timeoutS} s; behind:\n${behind}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function readStatus(http: ControlPlaneHttp, base: string, mesh: string, version?: number): Promise<StatusBody> {
  const url = `${base}/v1/meshes/${encodeURIComponent(mesh)}/status${version !== undefined ? `?version=${version}` : ''}`;
  let response;
  try {
    response = await http(url);
  } catch {
    throw new UserError(`cannot reach the control plane at ${base}; is \`weft up\` running?`);
  }
  let body: StatusBody;
  try {
    body = JSON.parse(response.body) as StatusBody;
  } catch {
    throw new UserError(`control plane answered ${response.status} with a body that is not JSON`);
  }
  if (response.status !== 200) throw new UserError(body.message ?? `control plane answered ${response.status}`);
  return body;
}

export function statusTable(targets: readonly TargetStatus[]): string {
  const rows = [['PROXY', 'SNAPSHOT', 'AGENTS', 'CONNECTED', 'CONVERGED', 'NACKS', 'LAST NACK']];
  for (const t of targets) {
    const nack = t.proxies.find((p) => p.nack)?.nack;
    rows.push([t.target, t.snapshotVersion ?? '-', String(t.agents), String(t.connected), `${t.converged}/${t.connected}`, String(t.nacks), nack ? `${nack.typeUrl.split('.').pop()}: ${nack.message}`.slice(0, 60) : '']);
    for (const refusal of t.refusals) rows.push(['', `refused ${refusal.version ?? ''}`, refusal.agentId, '', '', '', refusal.reason.slice(0, 60)]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
