import type { Histogram } from './envoyStats.js';

/**
 * An interval's observations from two readings of a cumulative bucketed
 * histogram (Envoy's `upstream_rq_time`, in ms), as values and counts: each
 * non-empty bucket becomes its midpoint (the last, unbounded one its lower
 * bound) with the number of observations that fell in it during the interval.
 * A bucket that went down means Envoy restarted: the current counts are the
 * interval's. Readings without buckets (JSON quantiles only) give nothing:
 * quantiles cannot be turned back into counts.
 */
export function intervalDistribution(previous: Histogram | undefined, current: Histogram | undefined): { values: number[]; counts: number[] } {
  const buckets = current?.buckets ?? [];
  const before = new Map((previous?.buckets ?? []).map((b) => [b.le, b.count]));
  const restarted = buckets.some((b) => b.count < (before.get(b.le) ?? 0));
  const cumulative = buckets.map((b) => ({ le: b.le, count: restarted ? b.count : b.count - (before.get(b.le) ?? 0) }));
  const values: number[] = [];
  const counts: number[] = [];
  cumulative.forEach((bucket, i) => {
    const lower = i === 0 ? 0 : cumulative[i - 1]!.le;
    const count = bucket.count - (i === 0 ? 0 : cumulative[i - 1]!.count);
    if (count <= 0) return;
    values.push(Number.isFinite(bucket.le) ? (lower + bucket.le) / 2 : lower);
    counts.push(count);
  });
  return { values, counts };
}
