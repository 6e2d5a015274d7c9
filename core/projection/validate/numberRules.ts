// PGV's comparison rules, shared by numbers and by Durations/Timestamps (as
// nanoseconds): const, lt/lte/gt/gte, in, not_in.
import type { Finding } from './violation.js';

export type Comparable = number | bigint;

/**
 * PGV's ranges: with both bounds, an upper bound above the lower one means
 * "inside"; below it, "outside" (`gt: 10, lt: 5` is x <= 5 or x >= 10).
 */
export function comparisonFindings(kind: string, value: Comparable, rules: Record<string, unknown>, read: (rule: unknown) => Comparable | undefined, show: (v: unknown) => string, path: string): Finding[] {
  const out: Finding[] = [];
  const bound = (name: string) => (rules[name] === undefined ? undefined : read(rules[name]));
  const c = bound('const');
  if (c !== undefined && value != c) out.push({ path, rule: `${kind}.const`, message: `must equal ${show(rules['const'])}` });
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  const lower = gt ?? gte;
  const upper = lt ?? lte;
  const aboveLower = gt !== undefined ? value > gt : gte !== undefined ? value >= gte : true;
  const belowUpper = lt !== undefined ? value < lt : lte !== undefined ? value <= lte : true;
  const exclusive = lower !== undefined && upper !== undefined && upper < lower;
  if (exclusive ? !(aboveLower || belowUpper) : !(aboveLower && belowUpper)) {
    const parts = [gt !== undefined && `> ${show(rules['gt'])}`, gte !== undefined && `>= ${show(rules['gte'])}`, lt !== undefined && `< ${show(rules['lt'])}`, lte !== undefined && `<= ${show(rules['lte'])}`].filter(Boolean);
    const rule = [gt !== undefined && 'gt', gte !== undefined && 'gte', lt !== undefined && 'lt', lte !== undefined && 'lte'].filter(Boolean).join('_');
    out.push({ path, rule: `${kind}.${rule}`, message: `${show(value)} must be ${parts.join(exclusive ? ' or ' : ' and ')}` });
  }
  const list = (name: string) => (Array.isArray(rules[name]) ? (rules[name] as unknown[]) : rules[name] === undefined ? [] : [rules[name]]);
  if (rules['in'] !== undefined && !list('in').some((x) => read(x) == value)) out.push({ path, rule: `${kind}.in`, message: `${show(value)} must be one of ${list('in').map(show).join(', ')}` });
  if (list('not_in').some((x) => read(x) == value)) out.push({ path, rule: `${kind}.not_in`, message: `${show(value)} must not be one of ${list('not_in').map(show).join(', ')}` });
  return out;
}
