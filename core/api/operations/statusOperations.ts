import type { AgentReportStore } from '../../application/projectorPorts.js';
import type { AgentReport } from '../../application/proxyStatus.js';
import { meshStatus } from '../../application/proxyStatus.js';
import { badRequest, notFound } from '../../errors.js';
import type { TargetKey } from '../../projection/projection.js';
import { parseBody } from '../parseInput.js';
import { integerQuery, nameLabel } from '../weftInput.js';
import type { InputParser, OperationHandler } from './context.js';

/** Agents report what their proxies run; operators read it back per mesh. */
export const statusRoutes = [
  { operation: 'ReportVirtualNodeAgent', method: 'PUT', template: '/v1/meshes/{meshName}/virtualNodes/{name}/agents/{agentId}' },
  { operation: 'ReportVirtualGatewayAgent', method: 'PUT', template: '/v1/meshes/{meshName}/virtualGateways/{name}/agents/{agentId}' },
  { operation: 'GetMeshStatus', method: 'GET', template: '/v1/meshes/{meshName}/status' },
];

export interface StatusDeps {
  readonly reports: AgentReportStore;
  readonly now: () => number;
}

function reportInput(kind: 'virtualNode' | 'virtualGateway'): InputParser {
  return (raw) => {
    const target = `${kind}/${nameLabel(raw, 'name')}`;
    const body = parseBody(raw.body);
    if (!Array.isArray(body['proxies'])) throw badRequest('proxies: must be a list of the proxies this agent serves');
    return { mesh: nameLabel(raw, 'meshName'), target, agentId: nameLabel(raw, 'agentId'), report: body };
  };
}

export const statusParsers: Record<string, InputParser> = {
  ReportVirtualNodeAgent: reportInput('virtualNode'),
  ReportVirtualGatewayAgent: reportInput('virtualGateway'),
  GetMeshStatus: (raw) => {
    const version = integerQuery(raw, 'version', 1, Number.MAX_SAFE_INTEGER);
    return { mesh: nameLabel(raw, 'meshName'), ...(version !== undefined ? { version } : {}) };
  },
};

const reportAgent: OperationHandler = async ({ input, deps }) => {
  const { mesh, target, agentId, report } = input as { mesh: string; target: TargetKey; agentId: string; report: AgentReport };
  await deps.reports.putAgentReport(mesh, { target, agentId, reportedAt: deps.now(), report });
  return {};
};

export const statusOperations: Record<string, OperationHandler> = {
  ReportVirtualNodeAgent: reportAgent,
  ReportVirtualGatewayAgent: reportAgent,
  GetMeshStatus: async ({ input, deps }) => {
    const mesh = input['mesh'] as string;
    const { snapshots, reports, head, projected } = await deps.reports.meshReports(mesh);
    // No head: no such mesh (never created, or deleted), as DescribeMesh would say.
    if (!head) throw notFound(`Mesh '${mesh}' does not exist.`);
    const progress = { head: head.version, projected: projected?.version ?? 0 };
    const version = input['version'] as number | undefined;
    return { meshName: mesh, ...meshStatus({ snapshots, reports, now: deps.now(), ...progress, ...(version !== undefined ? { version } : {}) }) };
  },
};
