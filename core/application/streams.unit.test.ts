import { describe, expect, it } from 'vitest';
import { streamKindOf, streamKinds } from './streams.js';

describe('stream kinds', () => {
  it('reads a mesh stream, a Cloud Map service stream, and nothing else', () => {
    expect(streamKindOf('shop/8d0c2f6e-uid')).toBe('mesh');
    expect(streamKindOf('@registry/shop.local/cart')).toBe('registry');
    for (const other of ['', 'shop', 'shop/', '/uid', 'a/b/c', '@registry/', '@registry/ns', '@registry/ns/', '@rollout/canary/1', '@elsewhere/x']) {
      expect([other, streamKindOf(other)]).toEqual([other, undefined]);
    }
  });

  it('declares each kind once, with the projection that handles it', () => {
    expect(streamKinds.map((k) => k.kind)).toEqual(['registry', 'mesh']);
    for (const kind of streamKinds) expect(kind.projection.length).toBeGreaterThan(0);
  });
});
