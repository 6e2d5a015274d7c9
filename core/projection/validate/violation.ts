import type { ResourceType } from '../envoy/typeUrls.js';

/**
 * One reason Envoy would NACK a snapshot: its resource type (Envoy refuses
 * the whole type's update for that proxy), the resource, the field path in
 * the resource's object form (Any contents inline, as snapshots hold them),
 * and the rule broken: a PGV rule (`string.min_len`), a type range
 * (`type.uint32`), or one of Envoy's own checks (`envoy.duplicate_domain`).
 */
export interface Violation {
  readonly node: string;
  readonly resourceType: ResourceType;
  readonly resource: string;
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** What a check reports: a violation short of the node and the resource, which the caller knows. */
export interface Finding {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export function formatViolation(v: Violation): string {
  return `${v.resourceType} '${v.resource}' ${v.path || '.'}: ${v.message} [${v.rule}]`;
}

export const fieldPath = (path: string, name: string) => (path ? `${path}.${name}` : name);
export const indexPath = (path: string, index: number) => `${path}[${index}]`;
export const keyPath = (path: string, key: string) => `${path}[${JSON.stringify(key)}]`;
