import { describe, expect, it } from 'vitest';
import type { Commit } from '../../application/meshStore.js';
import type { Resource, ResourceId } from '../../domain/resource.js';
import type { CachedItem } from './meshViewCache.js';
import { keyString, MeshViewCache } from './meshViewCache.js';
import { resourceKey } from './stateKeys.js';

const meshId: ResourceId = { kind: 'mesh', mesh: 'm', name: 'm' };
const nodeId = (name: string): ResourceId => ({ kind: 'virtualNode', mesh: 'm', name });
const resource = (id: ResourceId, version = 1) => ({ id, spec: {}, metadata: { version } }) as unknown as Resource;
const read = (version: number, ...present: ResourceId[]) => new Map<string, CachedItem>([
  [keyString(resourceKey(meshId)), { resource: resource(meshId), stream: 'm/1', streamVersion: version }],
  ...present.map((id) => [keyString(resourceKey(id)), { resource: resource(id) }] as const),
]);
const commit = (expectedVersion: number, id: ResourceId, action: 'Created' | 'Updated' | 'Deleted' = 'Updated'): Commit =>
  ({ stream: 'm/1', expectedVersion, event: { action, resource: resource(id, 2) }, referencesBefore: [], referencesAfter: [] }) as unknown as Commit;
const keys = (...ids: ResourceId[]) => [meshId, ...ids].map(resourceKey);

describe('MeshViewCache', () => {
  it('answers only when every key is known, remembering the absent ones too', () => {
    const cache = new MeshViewCache();
    cache.remember('m', keys(nodeId('a'), nodeId('b')), read(4, nodeId('a')));
    const found = cache.lookup('m', keys(nodeId('a'), nodeId('b')));
    expect(found?.get(keyString(resourceKey(nodeId('a'))))).toBeDefined();
    expect(found?.has(keyString(resourceKey(nodeId('b'))))).toBe(false);
    expect(cache.lookup('m', keys(nodeId('c')))).toBeUndefined();
  });

  it('moves forward with its own commits and drops the mesh on any other', () => {
    const cache = new MeshViewCache();
    cache.remember('m', keys(nodeId('a')), read(4, nodeId('a')));
    cache.committed(commit(4, nodeId('a')));
    const after = cache.lookup('m', keys(nodeId('a')));
    expect(after?.get(keyString(resourceKey(meshId)))?.streamVersion).toBe(5);
    expect(after?.get(keyString(resourceKey(nodeId('a'))))?.resource?.metadata.version).toBe(2);

    cache.committed(commit(9, nodeId('a'))); // made from a view this cache did not give
    expect(cache.lookup('m', keys(nodeId('a')))).toBeUndefined();
  });

  it('ignores a read older than what it holds, and forgets a mesh on request', () => {
    const cache = new MeshViewCache();
    cache.remember('m', keys(nodeId('a')), read(6, nodeId('a')));
    cache.remember('m', keys(nodeId('b')), read(5, nodeId('b')));
    expect(cache.lookup('m', keys(nodeId('b')))).toBeUndefined();
    expect(cache.lookup('m', keys(nodeId('a')))?.get(keyString(resourceKey(meshId)))?.streamVersion).toBe(6);
    cache.forget('m');
    expect(cache.lookup('m', keys(nodeId('a')))).toBeUndefined();
  });

  it('keeps at most maxMeshes meshes, forgetting the least recently used', () => {
    const cache = new MeshViewCache(2);
    for (const mesh of ['x', 'y', 'z']) {
      const id: ResourceId = { kind: 'mesh', mesh, name: mesh };
      cache.remember(mesh, [resourceKey(id)], new Map([[keyString(resourceKey(id)), { stream: `${mesh}/1`, streamVersion: 1 }]]));
    }
    expect(cache.lookup('x', [resourceKey({ kind: 'mesh', mesh: 'x', name: 'x' })])).toBeUndefined();
    expect(cache.lookup('z', [resourceKey({ kind: 'mesh', mesh: 'z', name: 'z' })])).toBeDefined();
  });
});
