// Envoy's validation rules, read from its .proto files: protoc-gen-validate's
// `(validate.rules)`, `(validate.required)` on oneofs, and the deprecation
// annotations, for every type the agent's descriptor holds (the types
// reachable from what Weft serves). Field types stay in envoyDescriptor.json;
// this adds only the fields that carry a rule or a deprecation.
import protobuf from 'protobufjs';
import type { EnumRules, FieldRules, MessageRules, RulesDescriptor } from '../core/projection/validate/envoyRules.js';
import { supportedRulesOf } from '../core/projection/validate/envoyRules.js';
import { envoyDescriptor, envoyProtoRoot } from './envoyDescriptor.js';

type Options = Record<string, unknown>;

export function envoyRules(root = envoyProtoRoot()): RulesDescriptor {
  const descriptor = envoyDescriptor(root);
  const messages: Record<string, MessageRules> = {};
  for (const name of Object.keys(descriptor.messages)) {
    const rules = messageRules(root.lookupType(name));
    if (rules) messages[name] = rules;
  }
  const enums: Record<string, EnumRules> = {};
  for (const name of Object.keys(descriptor.enums)) {
    const rules = enumRules(root.lookupEnum(name));
    if (rules) enums[name] = rules;
  }
  return { messages, enums };
}

function messageRules(type: protobuf.Type): MessageRules | undefined {
  const options = merged(type.parsedOptions as unknown as Options[]);
  const disabled = options['(validate.disabled)'] === true || options['(validate.ignored)'] === true;
  const fields: Record<string, FieldRules> = {};
  for (const field of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
    const rules = fieldRules(type, field);
    if (rules) fields[field.name] = rules;
  }
  const requiredOneofs: Record<string, string[]> = {};
  for (const oneof of type.oneofsArray) {
    if (merged((oneof as unknown as { parsedOptions?: Options[] }).parsedOptions)['(validate.required)'] === true) requiredOneofs[oneof.name] = [...oneof.oneof];
  }
  const result: MessageRules = {
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(Object.keys(requiredOneofs).length ? { requiredOneofs } : {}),
    ...(disabled ? { disabled: true as const } : {}),
  };
  return Object.keys(result).length ? result : undefined;
}

function fieldRules(type: protobuf.Type, field: protobuf.Field): FieldRules | undefined {
  const options = merged(field.parsedOptions as unknown as Options[]);
  const rules = options['(validate.rules)'] as Options | undefined;
  if (rules) checkSupported(`${type.fullName.slice(1)}.${field.name}`, rules);
  const minor = options['(envoy.annotations.deprecated_at_minor_version)'];
  const deprecated = options['deprecated'] === true || field.options?.['deprecated'] === true;
  const result: FieldRules = {
    ...(rules ? { rules } : {}),
    ...(rules && field.partOf ? { presence: true as const } : {}),
    ...(deprecated ? { deprecated: typeof minor === 'string' ? minor : true } : {}),
    ...(options['(envoy.annotations.disallowed_by_default)'] === true ? { disallowed: true as const } : {}),
  };
  return Object.keys(result).length ? result : undefined;
}

function enumRules(enumeration: protobuf.Enum): EnumRules | undefined {
  const deprecated: Record<string, string | true> = {};
  const disallowed: string[] = [];
  for (const [value, options] of Object.entries((enumeration.valuesOptions ?? {}) as Record<string, Options>)) {
    const minor = options['(envoy.annotations.deprecated_at_minor_version_enum)'];
    if (options['deprecated'] === true) deprecated[value] = typeof minor === 'string' ? minor : true;
    if (options['(envoy.annotations.disallowed_by_default_enum)'] === true) disallowed.push(value);
  }
  const result: EnumRules = { ...(Object.keys(deprecated).length ? { deprecated } : {}), ...(disallowed.length ? { disallowed } : {}) };
  return Object.keys(result).length ? result : undefined;
}

/** protobufjs keeps each option statement as its own object; one field may have several. */
function merged(parsed: Options[] | undefined | null): Options {
  const out: Options = {};
  for (const options of parsed ?? []) for (const [key, value] of Object.entries(options)) out[key] = mergeValue(out[key], value);
  return out;
}

function mergeValue(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Options = { ...(a as Options) };
    for (const [k, v] of Object.entries(b)) out[k] = mergeValue(out[k], v);
    return out;
  }
  return b;
}

/** A rule the validator does not implement is an error here, not a check silently skipped. */
function checkSupported(where: string, rules: Options): void {
  for (const [ruleType, body] of Object.entries(rules)) {
    const known = supportedRulesOf(ruleType);
    if (!known) throw new Error(`${where}: PGV rule type '${ruleType}' is not implemented by core/projection/validate`);
    for (const [rule, value] of Object.entries(body as Options)) {
      if (!known.includes(rule)) throw new Error(`${where}: PGV rule ${ruleType}.${rule} is not implemented by core/projection/validate`);
      if ((rule === 'items' || rule === 'keys' || rule === 'values') && value && typeof value === 'object') checkSupported(`${where}.${rule}`, value as Options);
    }
  }
}
