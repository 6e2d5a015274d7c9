// The wire types' own ranges, which protobufjs's object form does not
// enforce: a uint32 of 5e9 or a fractional int would be truncated or wrapped
// on the wire, so Envoy would run something nobody wrote.

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const uint64Max = 2n ** 64n - 1n;
const floatMax = 3.4028234663852886e38;

const ranges: Record<string, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n], sint32: [-(2n ** 31n), 2n ** 31n - 1n], sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n], fixed32: [0n, 2n ** 32n - 1n],
  int64: [int64Min, int64Max], sint64: [int64Min, int64Max], sfixed64: [int64Min, int64Max],
  uint64: [0n, uint64Max], fixed64: [0n, uint64Max],
};
/** Ranges a JS number holds exactly, for the fast path. */
const smallRanges: Record<string, readonly [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1], sint32: [-(2 ** 31), 2 ** 31 - 1], sfixed32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1], fixed32: [0, 2 ** 32 - 1],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], sint64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], sfixed64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER], fixed64: [0, Number.MAX_SAFE_INTEGER],
};
// A lone surrogate has no UTF-8 form: Envoy's parser refuses the string.
const lone = /\p{Cs}/u;
const longTypes = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** Why `value` is not a valid `type` (a scalar type name), or undefined. */
export function scalarTypeIssue(type: string, value: unknown): string | undefined {
  // The common case first, without bigints: a small integer where a 32-bit one goes.
  if (typeof value === 'number' && Number.isInteger(value)) {
    const small = smallRanges[type];
    if (small && value >= small[0] && value <= small[1]) return undefined;
  } else if (typeof value === 'string' && type === 'string') {
    return lone.test(value) ? 'string is not valid UTF-8 (lone surrogate)' : undefined;
  }
  const range = ranges[type];
  if (range) {
    const integer = integerOf(value, longTypes.has(type));
    if (integer === undefined) return `${type} expected, got ${JSON.stringify(value)} (not an integer)`;
    if (integer < range[0] || integer > range[1]) return `${JSON.stringify(value)} is out of ${type} range [${range[0]}, ${range[1]}]`;
    return undefined;
  }
  switch (type) {
    case 'double':
      return typeof value === 'number' ? undefined : `double expected, got ${JSON.stringify(value)}`;
    case 'float':
      if (typeof value !== 'number') return `float expected, got ${JSON.stringify(value)}`;
      return Number.isFinite(value) && Math.abs(value) > floatMax ? `${value} is out of float range` : undefined;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `bool expected, got ${JSON.stringify(value)}`;
    case 'string':
      if (typeof value !== 'string') return `string expected, got ${JSON.stringify(value)}`;
      return lone.test(value) ? 'string is not valid UTF-8 (lone surrogate)' : undefined;
    case 'bytes':
      if (value instanceof Uint8Array) return undefined;
      return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) ? undefined : `bytes expected (base64), got ${JSON.stringify(value)}`;
  }
  return `unknown scalar type ${type}`;
}

/** An integer as a bigint: a safe JS integer, or (for 64-bit types) a decimal string. */
export function integerOf(value: unknown, allowString: boolean): bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (allowString && typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

/** The value a proto3 scalar has when it is not written. */
export function defaultScalar(type: string): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  return 0;
}
