import { describe, expect, it } from 'vitest';
import type { StoredSnapshot } from '../../core/application/projectorPorts.js';
import { coalescedSnapshots } from './coalescedSnapshots.js';

/** A reader whose reads finish when the test says, returning the version current when each read began. */
function slowReader() {
  let version = 'v1';
  const pending: (() => void)[] = [];
  let reads = 0;
  return {
    setVersion: (v: string) => (version = v),
    finishAll: () => pending.splice(0).forEach((finish) => finish()),
    reads: () => reads,
    getSnapshot: () => {
      reads++;
      const seen = version;
      return new Promise<StoredSnapshot | undefined>((resolve) => pending.push(() => resolve({ version: seen, meshVersion: 1, snapshot: { node: 'n', version: seen, resources: { listener: [], route: [], cluster: [], endpoint: [], secret: [] } } })));
    },
  };
}

function liveStub() {
  const observers: ((mesh: string, target: string) => void)[] = [];
  return { watch: async () => undefined, onChange: (o: (mesh: string, target: string) => void) => void observers.push(o), change: (mesh: string, target: string) => observers.forEach((o) => o(mesh, target)) };
}

describe('coalesced snapshot reads', () => {
  it('shares one read among concurrent callers', async () => {
    const reader = slowReader();
    const shared = coalescedSnapshots(reader, liveStub());
    const reads = [shared.getSnapshot('m', 'virtualNode/a'), shared.getSnapshot('m', 'virtualNode/a')];
    reader.finishAll();
    expect((await Promise.all(reads)).map((r) => r?.version)).toEqual(['v1', 'v1']);
    expect(reader.reads()).toBe(1);
  });

  it('never answers a caller woken by a change with a read that began before it', async () => {
    const reader = slowReader();
    const live = liveStub();
    const shared = coalescedSnapshots(reader, live);
    const before = shared.getSnapshot('m', 'virtualNode/a');
    reader.setVersion('v2');
    live.change('m', 'virtualNode/a');
    const after = shared.getSnapshot('m', 'virtualNode/a');
    reader.finishAll();
    expect((await before)?.version).toBe('v1');
    expect((await after)?.version).toBe('v2');
    expect(reader.reads()).toBe(2);
  });
});
