import { describe, expect, it } from 'vitest';
import { counterDelta } from './counterDelta.js';

describe("a counter's increase over an interval", () => {
  it('is the difference of two readings', () => expect(counterDelta(10, 25)).toBe(15));
  it('is the whole current value when the counter went down: Envoy restarted and counted from zero', () => expect(counterDelta(1000, 7)).toBe(7));
  it('is the whole current value for a stat that did not exist at the previous reading', () => expect(counterDelta(undefined, 4)).toBe(4));
  it('is zero for a stat that is gone', () => expect(counterDelta(9, undefined)).toBe(0));
});
