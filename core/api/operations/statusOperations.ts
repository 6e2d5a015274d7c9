import type { AgentReportStore } from '../../application/projectorPorts.js';
import type { AgentReport } from '../../application/proxyStatus.js';
import { meshStatus } from '../../application/proxyStatus.js';
import type { JsonObject } from '../../domain/resource.js';
import { badRequest } from '../../errors.js';
import type { TargetKey } from '../../projection/projection.js';
import type { RawInput } from '../parseInput.js';
import { parseBody } from '../parseInput.js';

/** Agents report what their proxies run; operators read it back per mesh. */
export const statusRoutes = [
  { operation: 'ReportVirtualNodeAgent', method: 'PUT', template: '/v1/meshes/{meshName}/virtualNodes/{name}/agents/{agentId}' },
  { operation: 'ReportVirtualGatewayAgent', method: 'PUT', template: '/v1/meshes/{meshName}/virtualGateways/{name}/agents/{agentId}' },
  { operation: 'GetMeshStatus', method: 'GET', template: '/v1/meshes/{meshName}/status' },
];

const namePattern = /^[A-Za-z0-9_.-]{1,255}$/;
const label = (raw: RawInput, name: string): string => {
  const value = raw.labels[name] ?? '';
  if (!namePattern.test(value)) throw badRequest(`${name}: must be 1-255 letters, digits, '_', '.' or '-'`);
  return value;
};

export interface StatusDeps {
  readonly reports: AgentReportStore;
  readonly now: () => number;
}

export async function reportAgent(operation: string, raw: RawInput, deps: StatusDeps): Promise<JsonObject> {
  const mesh = label(raw, 'meshName');
  const kind = operation === 'ReportVirtualGatewayAgent' ? 'virtualGateway' : 'virtualNode';
  const target = `${kind}/${label(raw, 'name')}` as TargetKey;
  const agentId = label(raw, 'agentId');
  const body = parseBody(raw.body);
  if (!Array.isArray(body['proxies'])) throw badRequest('proxies: must be a list of the proxies this agent serves');
  await deps.reports.putAgentReport(mesh, { target, agentId, reportedAt: deps.now(), report: body as unknown as AgentReport });
  return {};
}

export async function getMeshStatus(raw: RawInput, deps: StatusDeps): Promise<JsonObject> {
  const mesh = label(raw, 'meshName');
  const { snapshots, reports } = await deps.reports.meshReports(mesh);
  return { meshName: mesh, proxies: meshStatus(snapshots, reports, deps.now()) };
}
