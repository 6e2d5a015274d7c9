/**
 * A counter's increase between two readings. Envoy's counters only grow while
 * it runs, so a value that went down means Envoy restarted (or the stat was
 * dropped and re-created) and counted from zero since: the whole current
 * value is the interval's. A stat the previous reading lacked was created in
 * between, at zero.
 */
export function counterDelta(previous: number | undefined, current: number | undefined): number {
  if (current === undefined) return 0;
  if (previous === undefined || current < previous) return current;
  return current - previous;
}
