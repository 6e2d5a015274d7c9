// Snapshots hold Envoy resources in protobufjs's object form (camelCase fields,
// Durations as {seconds, nanos}, wrappers as {value}), so the agent can encode
// them with the v3 .proto files as they are. Default values are never written:
// proto3 drops them on the wire, and a snapshot must decode back unchanged.

export interface ProtoDuration {
  readonly seconds?: number;
  readonly nanos?: number;
}

export function durationFromMillis(ms: number): ProtoDuration {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms % 1000) * 1_000_000;
  return { ...(seconds ? { seconds } : {}), ...(nanos ? { nanos } : {}) };
}

/** An App Mesh Duration ({value, unit}) in milliseconds. */
export function appMeshDurationMillis(duration: { readonly value?: number; readonly unit?: 's' | 'ms' } | undefined): number | undefined {
  if (duration?.value === undefined) return undefined;
  return duration.unit === 's' ? duration.value * 1000 : duration.value;
}

// A wrapper holding its zero value encodes as an empty message and decodes as {}.
export const u32 = (value: number) => (value ? { value } : {});
export const boolValue = (value: boolean) => (value ? { value } : {});

/** An Any: the type URL plus the message's fields. */
export function any(typeUrl: string, message: Record<string, unknown>): Record<string, unknown> {
  return { '@type': typeUrl, ...message };
}

/** App Mesh's defaults (DESIGN.md). */
export const defaults = {
  perRequestTimeoutMs: 15_000,
  maxRetries: 2,
  /** Circuit-breaker thresholds when a connection pool sets none. */
  unlimited: 2147483647,
} as const;
