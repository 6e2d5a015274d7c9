import type { JsonObject, ResourceId } from '../resource.js';

/** A pointer from one resource's spec to another resource, with the field that holds it. */
export interface Reference {
  readonly id: ResourceId;
  readonly field: string;
}

/** What sets one kind of resource apart from the others. */
export interface KindRules {
  /**
   * Resources the spec points at. They must exist when the spec is written, and
   * cannot be deleted while it points at them.
   */
  references(id: ResourceId, spec: JsonObject): Reference[];
  /** A rule across the spec that the service model cannot express; a message naming the field, or undefined. */
  specIssue(spec: JsonObject): string | undefined;
}

export const noReferences = (): Reference[] => [];
export const noSpecIssue = (): undefined => undefined;

/** Reads `a.b.c` out of plain JSON, or undefined when any step is missing. */
export function pick(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as JsonObject)[key];
  }
  return current;
}

/** App Mesh route specs are unions in practice, though the model does not say so. */
export function exactlyOneOf(spec: JsonObject, members: readonly string[]): string | undefined {
  const set = members.filter((m) => spec[m] !== undefined && spec[m] !== null);
  if (set.length === 1) return undefined;
  const list = members.map((m) => `spec.${m}`).join(', ');
  return set.length === 0 ? `spec: must set one of ${list}` : `spec: must set only one of ${list} (got ${set.join(', ')})`;
}
