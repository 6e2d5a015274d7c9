import { describe, expect, it } from 'vitest';
import type { TargetKey } from '../projection/projection.js';
import type { MeshStatusInput, StoredAgentReport } from './proxyStatus.js';
import { meshStatus } from './proxyStatus.js';

const lds = 'type.googleapis.com/envoy.config.listener.v3.Listener';
const report = (agentId: string, reportedAt: number, proxies: StoredAgentReport['report']['proxies'], target: TargetKey = 'virtualNode/web'): StoredAgentReport => ({
  target,
  agentId,
  reportedAt,
  report: { snapshotVersion: 'v2', proxies },
});
const running = (nodeId: string, snapshotVersion: string) => ({ nodeId, servedNode: 's', snapshotVersion, types: { [lds]: { ackedVersion: 'x' } } });
const input = (overrides: Partial<MeshStatusInput>): MeshStatusInput => ({
  snapshots: new Map([['virtualNode/web', { version: 'v2', meshVersion: 5 }]]),
  reports: [],
  now: 5000,
  head: 9,
  projected: 9,
  ...overrides,
});

describe('mesh status', () => {
  it('counts a proxy as converged only when it runs the current snapshot with every type ACKed and no NACK', () => {
    const status = meshStatus(input({
      snapshots: new Map([['virtualNode/web', { version: 'v2', meshVersion: 5 }], ['virtualNode/db', { version: 'v9', meshVersion: 3 }]]),
      reports: [
        report('a1', 1000, [
          running('envoy-1', 'v2'),
          { nodeId: 'envoy-2', servedNode: 'mesh/m/virtualNode/web', snapshotVersion: 'v2', types: { [lds]: { ackedVersion: 'x', pendingVersion: 'y' } } },
          { ...running('envoy-3', 'v2'), lastNack: { typeUrl: lds, version: 'z', message: 'bad listener', at: 't' } },
        ]),
      ],
    }));
    expect(status.proxies.map((s) => s.target)).toEqual(['virtualNode/db', 'virtualNode/web']);
    const web = status.proxies[1];
    expect(web).toMatchObject({ snapshotVersion: 'v2', meshVersion: 5, agents: 1, connected: 3, converged: 1, nacks: 1 });
    expect(web?.proxies.map((p) => p.runningVersion)).toEqual(['v2', undefined, 'v2']);
    expect(status.proxies[0]).toMatchObject({ snapshotVersion: 'v9', connected: 0, converged: 0 });
    expect(status.laggards.map((l) => l.who)).toEqual(['virtualNode/web agent a1 proxy envoy-2', 'virtualNode/web agent a1 proxy envoy-3']);
    expect(status.laggards[1]?.reason).toMatch(/NACKed Listener z: bad listener/);
    expect(status.converged).toBe(false);
  });

  it('forgets agents that stopped reporting', () => {
    const status = meshStatus(input({ reports: [report('gone', 0, [running('e', 'v1')])], now: 200_000 }));
    expect(status.proxies[0]).toMatchObject({ agents: 0, connected: 0 });
    expect(status.converged).toBe(true);
  });

  it('says a proxy has version N when it runs a stored snapshot that later events left unchanged, once the projector is past N', () => {
    // The snapshot was compiled at 5; events 6-9 did not change it; the projector is at 9.
    const reports = [report('a1', 1000, [running('envoy-1', 'v2')])];
    expect(meshStatus(input({ reports, version: 8 }))).toMatchObject({ version: 8, converged: true, laggards: [] });
    expect(meshStatus(input({ reports }))).toMatchObject({ version: 9, converged: true });
    expect(meshStatus(input({ reports })).proxies[0]?.proxies[0]?.hasVersion).toBe(true);
  });

  it('names the projector as the laggard while it has not projected N, unless the snapshot itself is from N or later', () => {
    const reports = [report('a1', 1000, [running('envoy-1', 'v2')])];
    const behind = meshStatus(input({ reports, head: 9, projected: 4 }));
    expect(behind).toMatchObject({ version: 9, converged: false });
    expect(behind.laggards.map((l) => l.who)).toEqual(['projector', 'virtualNode/web agent a1 proxy envoy-1']);
    expect(behind.laggards[0]?.reason).toBe('has projected mesh version 4 of 9');
    // The snapshot was written at 5, so a proxy running it has 5 even though the checkpoint says 4.
    expect(meshStatus(input({ reports, projected: 4, version: 5 })).proxies[0]?.proxies[0]?.hasVersion).toBe(true);
  });

  it('names a proxy that runs an older snapshot than the stored one as a laggard', () => {
    const status = meshStatus(input({ reports: [report('a1', 1000, [running('envoy-1', 'v1')])] }));
    expect(status.converged).toBe(false);
    expect(status.laggards).toEqual([{ who: 'virtualNode/web agent a1 proxy envoy-1', reason: 'runs v1, not v2' }]);
  });

  it('leaves out targets with no snapshot (deleted ones) even while their agents still report', () => {
    const status = meshStatus(input({ reports: [report('a1', 1000, [running('envoy-1', 'v1')], 'virtualNode/deleted')] }));
    expect(status.proxies.map((p) => p.target)).toEqual(['virtualNode/web']);
    expect(status.converged).toBe(true);
  });

  it('reads malformed reports without failing: an empty proxy, a non-list, junk fields', () => {
    const junk = (body: unknown): StoredAgentReport => ({ target: 'virtualNode/web', agentId: 'bad', reportedAt: 1000, report: body as StoredAgentReport['report'] });
    const status = meshStatus(input({
      reports: [junk({ proxies: [{}] }), junk({ proxies: 'nope' }), junk(null), junk({ proxies: [null, 3, { types: { [lds]: null }, lastNack: 'x', snapshotVersion: 7 }], refusals: [{}, 'r'] })],
    }));
    const web = status.proxies[0];
    expect(web).toMatchObject({ agents: 4, connected: 2, converged: 0, nacks: 0 });
    expect(web?.proxies.map((p) => p.nodeId)).toEqual(['', '']);
    expect(web?.refusals).toEqual([{ agentId: 'bad', reason: '', at: '' }]);
    expect(status.laggards.map((l) => l.reason)).toEqual(['has no config yet', 'has no config yet']);
  });
});
