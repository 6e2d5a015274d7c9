import type { ResourceType } from '../../envoy/typeUrls.js';
import type { Finding } from '../violation.js';

/** A finding of one of Envoy's C++ checks, placed on its resource. */
export interface PlacedFinding extends Finding {
  readonly resourceType: ResourceType;
  readonly resource: string;
}

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
export const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/**
 * Calls `visit` with every object in `value` (depth first, Any contents
 * included), the key it sits under, and its path, joined only when asked.
 */
export function visitObjects(value: unknown, visit: (object: Json, parentKey: string, pathOf: (key?: string) => string) => void, base = ''): void {
  const segments: string[] = [];
  const pathOf = (key?: string) => {
    let path = base;
    for (const s of key === undefined ? segments : [...segments, key]) path = s.startsWith('[') ? path + s : path ? `${path}.${s}` : s;
    return path;
  };
  const walk = (v: unknown, parentKey: string) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        segments.push(`[${i}]`);
        walk(v[i], parentKey);
        segments.pop();
      }
      return;
    }
    if (!isObject(v)) return;
    visit(v, parentKey, pathOf);
    for (const key in v) {
      const child = v[key];
      if (child === null || typeof child !== 'object') continue;
      segments.push(key);
      walk(child, key);
      segments.pop();
    }
  };
  walk(value, '');
}
