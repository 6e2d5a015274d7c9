// String constraints App Mesh enforces server-side but the published model omits.
// They are checked after the model's own min/max/pattern/enum.

/** `says` is the rule in words, for the error message. */
export type ExtraStringRule = { pattern: string; says: string; max?: number };

// Letters, digits, '_', '.', '-'; never just '.' or '..', which URL handling would resolve away.
const NAME = '^(?!\\.{1,2}$)[A-Za-z0-9_.-]+$';

/** Keyed by string shape name; applies wherever the shape is used. */
export const extraStringRules: Readonly<Record<string, ExtraStringRule>> = {
  ResourceName: { pattern: NAME, says: "may contain only letters, digits, '_', '.' and '-', and may not be '.' or '..'" },
  ServiceName: { pattern: NAME, says: "may contain only letters, digits, '_', '.' and '-', and may not be '.' or '..'" },
};

/** Members marked `idempotencyToken` (clientToken): up to 64 letters, digits, '-' or '_'. */
export const idempotencyTokenRule: ExtraStringRule = { pattern: '^[A-Za-z0-9_-]+$', says: "may contain only letters, digits, '_' and '-'", max: 64 };

export function extraRuleFor(shapeName: string): ExtraStringRule | undefined {
  return Object.hasOwn(extraStringRules, shapeName) ? extraStringRules[shapeName] : undefined;
}
