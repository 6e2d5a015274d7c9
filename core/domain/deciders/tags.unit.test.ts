import { describe, expect, it } from 'vitest';
import type { Tag } from '../resource.js';
import { evolve, maxTags, referencesOf } from './decide.js';
import { eventOf, existing, given, ids } from './deciderSpecification.js';

const mesh = existing(ids.mesh('demo'));
const web = ids.virtualNode('web');
const route = ids.route('vr', 'r1');
const tags = (count: number, prefix = 'k'): Tag[] => Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

describe('tags decider', () => {
  it('adds new tags after the existing ones, as VirtualNodeTagged, without bumping the version', () => {
    const current = existing(web, { tags: [{ key: 'team', value: 'edge' }], version: 3 });
    given({ mesh, target: current })
      .when({ type: 'tag', id: web, tags: [{ key: 'env', value: 'prod' }] })
      .then(eventOf('VirtualNodeTagged', 'Tagged', { ...current, tags: [{ key: 'team', value: 'edge' }, { key: 'env', value: 'prod' }] }));
  });

  it('replaces the value of a key that is already there, keeping its place', () => {
    const current = existing(web, { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
    given({ mesh, target: current })
      .when({ type: 'tag', id: web, tags: [{ key: 'a', value: 'new' }, { key: 'c', value: '3' }] })
      .thenMatches({ resource: { tags: [{ key: 'a', value: 'new' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }] } });
  });

  it('tags a mesh as MeshTagged', () => {
    given({ mesh, target: mesh }).when({ type: 'tag', id: mesh.id, tags: [{ key: 'a', value: '1' }] }).thenMatches({ type: 'MeshTagged', action: 'Tagged' });
  });

  it('tags a route under its router as RouteTagged', () => {
    given({ mesh, parent: existing(ids.virtualRouter('vr')), target: existing(route) })
      .when({ type: 'tag', id: route, tags: [{ key: 'a', value: '1' }] })
      .thenMatches({ type: 'RouteTagged', resource: { id: route, tags: [{ key: 'a', value: '1' }] } });
  });

  it(`accepts exactly ${maxTags} tags`, () => {
    given({ mesh, target: existing(web, { tags: tags(49) }) })
      .when({ type: 'tag', id: web, tags: [{ key: 'last', value: 'x' }] })
      .thenMatches({ type: 'VirtualNodeTagged' });
  });

  it(`rejects a merge that would leave more than ${maxTags} tags with TooManyTagsException`, () => {
    given({ mesh, target: existing(web, { tags: tags(40) }) })
      .when({ type: 'tag', id: web, tags: tags(11, 'new') })
      .thenThrows('TooManyTagsException', "tags: virtual node 'web' in mesh 'demo' would have 51 tags; at most 50 are allowed.");
  });

  it('counts replaced keys once, so re-tagging a full resource is allowed', () => {
    given({ mesh, target: existing(web, { tags: tags(50) }) })
      .when({ type: 'tag', id: web, tags: tags(50).map((t) => ({ ...t, value: 'changed' })) })
      .thenMatches({ resource: { tags: tags(50).map((t) => ({ ...t, value: 'changed' })) } });
  });

  it('rejects tagging a resource that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'tag', id: web, tags: [{ key: 'a', value: '1' }] }).thenThrows('NotFoundException', "Virtual node 'web' in mesh 'demo' does not exist.");
  });

  it('removes the given keys as VirtualNodeUntagged and ignores keys that are not there', () => {
    const current = existing(web, { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }] });
    given({ mesh, target: current })
      .when({ type: 'untag', id: web, tagKeys: ['a', 'c', 'missing'] })
      .then(eventOf('VirtualNodeUntagged', 'Untagged', { ...current, tags: [{ key: 'b', value: '2' }] }));
  });

  it('rejects untagging a resource that does not exist with NotFoundException', () => {
    given({ mesh }).when({ type: 'untag', id: web, tagKeys: ['a'] }).thenThrows('NotFoundException', "Virtual node 'web' in mesh 'demo' does not exist.");
  });

  it('evolves to the retagged resource', () => {
    const tagged = existing(web, { tags: [{ key: 'a', value: '1' }] });
    expect(evolve(existing(web), eventOf('VirtualNodeTagged', 'Tagged', tagged))).toEqual(tagged);
  });

  it('references nothing: tagging never changes what a spec points at', () => {
    expect(referencesOf({ type: 'tag', id: route, tags: [{ key: 'a', value: '1' }] })).toEqual([]);
    expect(referencesOf({ type: 'untag', id: route, tagKeys: ['a'] })).toEqual([]);
  });
});
