// The per-proxy change summary a golden failure prints: it must name the
// resource and the field paths, or a reviewer is back to reading a whole file.
import { describe, expect, it } from 'vitest';
import { snapshotDifferences } from './goldenDiff.js';

const snapshot = (clusters: object[], routes: object[] = []) => ({ node: 'mesh/m/virtualNode/web', version: 'v', resources: { cluster: clusters, route: routes, listener: [] } });

describe('snapshotDifferences', () => {
  it('is empty for equal snapshots', () => {
    expect(snapshotDifferences(snapshot([{ name: 'a' }]), snapshot([{ name: 'a' }]))).toEqual([]);
  });

  it('names added and removed resources by type and name', () => {
    expect(snapshotDifferences(snapshot([{ name: 'a' }, { name: 'gone' }]), snapshot([{ name: 'a' }, { name: 'new' }]))).toEqual(['cluster gone: removed', 'cluster new: added']);
  });

  it('lists the changed field paths of a resource, matching named array items by name', () => {
    const route = (prefix: string, retries: number) => ({ name: 'rds', virtualHosts: [{ name: 'vh', routes: [{ name: 'other' }, { name: 'r1', match: { prefix }, retries: [retries] }] }] });
    expect(snapshotDifferences(snapshot([], [route('/', 2)]), { ...snapshot([], [route('/v2', 3)]), version: 'w' })).toEqual([
      'version: "v" -> "w"',
      'route rds: changed',
      '    virtualHosts[name=vh].routes[name=r1].match.prefix: "/" -> "/v2"',
      '    virtualHosts[name=vh].routes[name=r1].retries[0]: 2 -> 3',
    ]);
  });

  it('says a field that appeared or went is absent on one side', () => {
    expect(snapshotDifferences(snapshot([{ name: 'a', lbPolicy: 'ROUND_ROBIN' }]), snapshot([{ name: 'a', http2: {} }]))).toEqual([
      'cluster a: changed',
      '    http2: (absent) -> {}',
      '    lbPolicy: "ROUND_ROBIN" -> (absent)',
    ]);
  });

  it('names endpoint assignments by cluster name', () => {
    const eds = (port: number) => ({ node: 'n', version: 'v', resources: { endpoint: [{ clusterName: 'cds_a', port }] } });
    expect(snapshotDifferences(eds(1), eds(2))).toEqual(['endpoint cds_a: changed', '    port: 1 -> 2']);
  });
});
