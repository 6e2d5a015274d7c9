import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../core/projection/snapshot.js';
import { SnapshotCache } from './snapshotCache.js';

const node = 'mesh/demo/virtualNode/web';
const withCluster = (version: string, cluster: Record<string, unknown>): Snapshot => ({
  node,
  version,
  resources: { listener: [], route: [], cluster: [cluster], endpoint: [], secret: [] },
});

describe('SnapshotCache', () => {
  it("tells a node's subscribers about each new version, and only about new ones", () => {
    const cache = new SnapshotCache();
    const seen: string[] = [];
    cache.subscribe(node, (s) => seen.push(s.version));
    cache.subscribe('mesh/demo/virtualNode/other', (s) => seen.push(`other ${s.version}`));

    cache.set(withCluster('v1', { name: 'a' }));
    cache.set(withCluster('v1', { name: 'a' }));
    cache.set(withCluster('v2', { name: 'b' }));

    expect(seen).toEqual(['v1', 'v2']);
    expect(cache.current(node)?.version).toBe('v2');
  });

  it('stops notifying after unsubscribe', () => {
    const cache = new SnapshotCache();
    const seen: string[] = [];
    const unsubscribe = cache.subscribe(node, (s) => seen.push(s.version));
    unsubscribe();
    cache.set(withCluster('v1', { name: 'a' }));
    expect(seen).toEqual([]);
  });

  it('refuses a snapshot that does not encode and keeps the previous one', () => {
    const cache = new SnapshotCache();
    cache.set(withCluster('v1', { name: 'a' }));

    expect(() => cache.set(withCluster('v2', { name: 'b', connectTimeot: { seconds: 1 } }))).toThrow(/b: .*connectTimeot/);
    expect(cache.current(node)?.version).toBe('v1');
  });
});
