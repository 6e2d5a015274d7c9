import { createHash } from 'node:crypto';
import type { JsonObject } from '../domain/resource.js';

/** Same operation and same input (ignoring the token itself) give the same digest. */
export function requestHash(operation: string, input: JsonObject): string {
  const { clientToken: _token, ...rest } = input;
  return createHash('sha256').update(canonicalJson({ operation, input: rest })).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as JsonObject)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
