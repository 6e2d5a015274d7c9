// String constraints App Mesh enforces server-side but the published model omits.
// They are checked after the model's own min/max/pattern/enum.

export type ExtraStringRule = { pattern: string; max?: number };

const NAME = '^[A-Za-z0-9_.-]+$';

/** Keyed by string shape name; applies wherever the shape is used. */
export const extraStringRules: Readonly<Record<string, ExtraStringRule>> = {
  ResourceName: { pattern: NAME },
  ServiceName: { pattern: NAME },
};

/** Members marked `idempotencyToken` (clientToken): up to 64 letters, digits, '-' or '_'. */
export const idempotencyTokenRule: ExtraStringRule = { pattern: '^[A-Za-z0-9_-]+$', max: 64 };

export function extraRuleFor(shapeName: string): ExtraStringRule | undefined {
  return Object.hasOwn(extraStringRules, shapeName) ? extraStringRules[shapeName] : undefined;
}
