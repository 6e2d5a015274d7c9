// The shape of envoyRules.json (made by scripts/generate-envoy-rules.ts from
// Envoy's .proto files): what the agent's descriptor (envoyDescriptor.json)
// does not say about a type, namely its protoc-gen-validate rules and its
// deprecations. Only what is reachable from the resources Weft serves, and
// only the fields that carry something, so the agent can afford it.

/** PGV's FieldRules as the .proto options spell them (snake_case keys), e.g. `{ string: { min_len: 1 } }`. */
export type PgvRules = Record<string, unknown>;

export interface FieldRules {
  /** The `(validate.rules)` option, absent when there is none. */
  readonly rules?: PgvRules;
  /** Set when the field has presence of its own (a oneof member or proto3 `optional`): PGV checks it only when set. */
  readonly presence?: true;
  /** `deprecated = true`; the value is `envoy.annotations.deprecated_at_minor_version` when given, else true. */
  readonly deprecated?: string | true;
  /** `envoy.annotations.disallowed_by_default`: Envoy refuses the field unless a runtime flag allows it. */
  readonly disallowed?: true;
}

export interface MessageRules {
  readonly fields?: Readonly<Record<string, FieldRules>>;
  /** Oneofs marked `(validate.required)`: exactly one member must be set. */
  readonly requiredOneofs?: Readonly<Record<string, readonly string[]>>;
  /** `(validate.disabled)` or `(validate.ignored)`: PGV checks nothing in it. */
  readonly disabled?: true;
}

export interface EnumRules {
  /** Value names marked deprecated (the minor version when given, else true). */
  readonly deprecated?: Readonly<Record<string, string | true>>;
  /** Value names marked `envoy.annotations.disallowed_by_default_enum`. */
  readonly disallowed?: readonly string[];
}

export interface RulesDescriptor {
  readonly messages: Readonly<Record<string, MessageRules>>;
  readonly enums: Readonly<Record<string, EnumRules>>;
}

/**
 * Every PGV rule the validator implements, by rule type. The generator
 * refuses a rule outside this list, so a rule Envoy's protos add is never
 * silently skipped.
 */
export const supportedRules: Readonly<Record<string, readonly string[]>> = {
  string: ['const', 'len', 'min_len', 'max_len', 'len_bytes', 'min_bytes', 'max_bytes', 'pattern', 'prefix', 'suffix', 'contains', 'not_contains', 'in', 'not_in', 'email', 'hostname', 'ip', 'ipv4', 'ipv6', 'uri', 'uri_ref', 'address', 'uuid', 'well_known_regex', 'strict', 'ignore_empty'],
  bytes: ['const', 'len', 'min_len', 'max_len', 'pattern', 'prefix', 'suffix', 'contains', 'in', 'not_in', 'ip', 'ipv4', 'ipv6', 'ignore_empty'],
  number: ['const', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in', 'ignore_empty'],
  bool: ['const'],
  enum: ['const', 'defined_only', 'in', 'not_in'],
  message: ['required', 'skip'],
  repeated: ['min_items', 'max_items', 'unique', 'items', 'ignore_empty'],
  map: ['min_pairs', 'max_pairs', 'no_sparse', 'keys', 'values', 'ignore_empty'],
  any: ['required', 'in', 'not_in'],
  duration: ['required', 'const', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in'],
  timestamp: ['required', 'const', 'lt', 'lte', 'gt', 'gte'],
};

/** The numeric rule types, which share one set of rules. */
export const numberRuleTypes = ['float', 'double', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64'] as const;

export function supportedRulesOf(ruleType: string): readonly string[] | undefined {
  return (numberRuleTypes as readonly string[]).includes(ruleType) ? supportedRules['number'] : supportedRules[ruleType];
}
