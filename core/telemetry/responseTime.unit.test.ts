import { describe, expect, it } from 'vitest';
import { intervalDistribution } from './responseTime.js';

const buckets = (pairs: [number, number][]) => ({ buckets: pairs.map(([le, count]) => ({ le, count })) });

describe("an interval's response times from two readings of a bucketed histogram", () => {
  it("gives each non-empty bucket's midpoint with the interval's observations in it, the unbounded bucket its lower bound", () => {
    const before = buckets([[0.5, 1], [5, 3], [10, 3], [Infinity, 3]]);
    const after = buckets([[0.5, 2], [5, 10], [10, 14], [Infinity, 16]]);
    expect(intervalDistribution(before, after)).toEqual({ values: [0.25, 2.75, 7.5, 10], counts: [1, 6, 4, 2] });
  });

  it('takes the current counts when a bucket went down: Envoy restarted', () => {
    const before = buckets([[5, 100], [Infinity, 100]]);
    const after = buckets([[5, 3], [Infinity, 4]]);
    expect(intervalDistribution(before, after)).toEqual({ values: [2.5, 5], counts: [3, 1] });
  });

  it('gives nothing without buckets (quantiles alone cannot be turned back into counts) or without new observations', () => {
    expect(intervalDistribution(undefined, { quantiles: [{ quantile: 50, interval: 3, cumulative: 3 }] })).toEqual({ values: [], counts: [] });
    expect(intervalDistribution(buckets([[5, 2]]), buckets([[5, 2]]))).toEqual({ values: [], counts: [] });
  });
});
