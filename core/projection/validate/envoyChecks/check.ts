import type { ResourceType } from '../../envoy/typeUrls.js';
import type { Snapshot } from '../../snapshot.js';
import type { Compile } from '../stringRules.js';
import type { Finding } from '../violation.js';

/** A finding of one of Envoy's C++ checks, placed on its resource. */
export interface PlacedFinding extends Finding {
  readonly resourceType: ResourceType;
  readonly resource: string;
}

export interface CheckContext {
  readonly snapshot: Snapshot;
  /** RE2, or undefined where it could not be loaded (the regex check is then skipped). */
  readonly re2: Compile | undefined;
}

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
export const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Every object in `value` (depth first, Any contents included) with its path. */
export function* objectsWithPaths(value: unknown, path: string, parentKey = ''): Generator<[Json, string, string]> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* objectsWithPaths(value[i], `${path}[${i}]`, parentKey);
    return;
  }
  if (!isObject(value)) return;
  yield [value, path, parentKey];
  for (const [key, child] of Object.entries(value)) if (child !== null && typeof child === 'object') yield* objectsWithPaths(child, path ? `${path}.${key}` : key, key);
}
