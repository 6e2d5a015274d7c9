import { describe, expect, it } from 'vitest';
import type { StoredAgentReport } from './proxyStatus.js';
import { meshStatus } from './proxyStatus.js';

const lds = 'type.googleapis.com/envoy.config.listener.v3.Listener';
const report = (agentId: string, reportedAt: number, proxies: StoredAgentReport['report']['proxies']): StoredAgentReport => ({
  target: 'virtualNode/web',
  agentId,
  reportedAt,
  report: { snapshotVersion: 'v2', proxies },
});

describe('mesh status', () => {
  it('counts a proxy as converged only when it runs the current snapshot with every type ACKed and no NACK', () => {
    const status = meshStatus(new Map([['virtualNode/web', 'v2'], ['virtualNode/db', 'v9']]), [
      report('a1', 1000, [
        { nodeId: 'envoy-1', servedNode: 'mesh/m/virtualNode/web', snapshotVersion: 'v2', types: { [lds]: { ackedVersion: 'x' } } },
        { nodeId: 'envoy-2', servedNode: 'mesh/m/virtualNode/web', snapshotVersion: 'v2', types: { [lds]: { ackedVersion: 'x', pendingVersion: 'y' } } },
        {
          nodeId: 'envoy-3', servedNode: 'mesh/m/virtualNode/web', snapshotVersion: 'v2', types: { [lds]: { ackedVersion: 'x' } },
          lastNack: { typeUrl: lds, version: 'z', message: 'bad listener', at: 't' },
        },
      ]),
    ], 5000);
    expect(status.map((s) => s.target)).toEqual(['virtualNode/db', 'virtualNode/web']);
    const web = status[1];
    expect(web).toMatchObject({ snapshotVersion: 'v2', agents: 1, connected: 3, converged: 1, nacks: 1 });
    expect(web?.proxies.map((p) => p.runningVersion)).toEqual(['v2', undefined, 'v2']);
    expect(status[0]).toMatchObject({ snapshotVersion: 'v9', connected: 0, converged: 0 });
  });

  it('forgets agents that stopped reporting', () => {
    const status = meshStatus(new Map([['virtualNode/web', 'v2']]), [report('gone', 0, [{ nodeId: 'e', servedNode: 's', snapshotVersion: 'v2', types: {} }])], 200_000);
    expect(status[0]).toMatchObject({ agents: 0, connected: 0 });
  });
});
