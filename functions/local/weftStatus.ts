import { parseArgs } from 'node:util';
import type { TargetStatus } from '../../core/application/proxyStatus.js';
import { UserError } from './userError.js';

export const statusUsage = `weft status --mesh <name> [--control-plane URL]   which proxy runs which config`;

/** `weft status`: the mesh's proxies as a table, like `istioctl proxy-status`. */
export async function weftStatus(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { mesh: { type: 'string' }, 'control-plane': { type: 'string' }, json: { type: 'boolean' } } });
  if (!values.mesh) throw new UserError('which mesh? pass --mesh <name>');
  const base = (values['control-plane'] ?? 'http://127.0.0.1:7700').replace(/\/$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/v1/meshes/${encodeURIComponent(values.mesh)}/status`);
  } catch {
    throw new UserError(`cannot reach the control plane at ${base}; is \`weft up\` running?`);
  }
  const body = (await response.json()) as { proxies?: TargetStatus[]; message?: string };
  if (!response.ok) throw new UserError(body.message ?? `control plane answered ${response.status}`);
  if (values.json) {
    console.log(JSON.stringify(body, null, 2));
    return;
  }
  console.log(statusTable(body.proxies ?? []));
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
