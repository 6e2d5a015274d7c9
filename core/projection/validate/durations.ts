// google.protobuf.Duration and Timestamp in object form ({seconds, nanos}),
// as nanoseconds, and the ranges protobuf and Envoy hold them to.
import { integerOf } from './scalarTypes.js';

/** protobuf's Duration range: ±10,000 years. */
export const maxDurationSeconds = 315_576_000_000n;
/**
 * Envoy reads nearly every Duration as int64 milliseconds through
 * DurationUtil::durationToMilliseconds, which refuses seconds beyond
 * INT64_MAX / 1e9 (about 292 years) rather than overflow.
 */
export const envoyMaxDurationSeconds = 9_223_372_036n;

/** `{seconds, nanos}` (either may be absent, meaning 0) as nanoseconds, or undefined if they are not integers. */
export function nanosOf(value: unknown): bigint | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { seconds = 0, nanos = 0 } = value as { seconds?: unknown; nanos?: unknown };
  const s = integerOf(seconds, true);
  const n = integerOf(nanos, false);
  return s === undefined || n === undefined ? undefined : s * 1_000_000_000n + n;
}

/** Why a Duration is one protobuf or Envoy refuses, or undefined. */
export function durationIssue(value: Record<string, unknown>): { rule: string; message: string } | undefined {
  const seconds = integerOf(value['seconds'] ?? 0, true);
  const nanos = integerOf(value['nanos'] ?? 0, false);
  if (seconds === undefined || nanos === undefined) return { rule: 'type.duration', message: `Duration ${JSON.stringify(value)} has a non-integer part` };
  if (nanos < -999_999_999n || nanos > 999_999_999n) return { rule: 'type.duration', message: `Duration nanos ${nanos} is out of range [-999999999, 999999999]` };
  if (seconds < -maxDurationSeconds || seconds > maxDurationSeconds) return { rule: 'type.duration', message: `Duration seconds ${seconds} is out of protobuf's range [-315576000000, 315576000000]` };
  if ((seconds < 0n && nanos > 0n) || (seconds > 0n && nanos < 0n)) return { rule: 'type.duration', message: 'Duration seconds and nanos have different signs' };
  // MessageUtil::validateDurationFields: Envoy takes no negative duration anywhere.
  if (seconds < 0n || nanos < 0n) return { rule: 'envoy.duration_negative', message: `Duration ${JSON.stringify(value)} is negative; Envoy expects a positive duration` };
  if (seconds > envoyMaxDurationSeconds) return { rule: 'envoy.duration_range', message: `Duration seconds ${seconds} is over ${envoyMaxDurationSeconds}, beyond Envoy's int64 milliseconds` };
  return undefined;
}

/** Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, nanos in [0, 1e9). */
export function timestampIssue(value: Record<string, unknown>): string | undefined {
  const seconds = integerOf(value['seconds'] ?? 0, true);
  const nanos = integerOf(value['nanos'] ?? 0, false);
  if (seconds === undefined || nanos === undefined) return `Timestamp ${JSON.stringify(value)} has a non-integer part`;
  if (seconds < -62_135_596_800n || seconds > 253_402_300_799n) return `Timestamp seconds ${seconds} is out of range`;
  if (nanos < 0n || nanos > 999_999_999n) return `Timestamp nanos ${nanos} is out of range [0, 999999999]`;
  return undefined;
}
