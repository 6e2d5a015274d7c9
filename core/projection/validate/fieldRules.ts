// PGV's rules for one field of one message, as protoc-gen-validate's C++
// templates apply them: a proto3 scalar without presence is checked even
// when unset (as its default), a message only when set unless `required`,
// a oneof member only when it is the one set.
import type { FieldDescriptor, ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { nanosOf } from './durations.js';
import type { FieldRules, PgvRules } from './envoyRules.js';
import { comparisonFindings } from './numberRules.js';
import { defaultScalar, integerOf } from './scalarTypes.js';
import type { Compile } from './stringRules.js';
import { bytesFindings, stringFindings } from './stringRules.js';
import type { Finding } from './violation.js';
import { indexPath, keyPath } from './violation.js';

type Json = Record<string, unknown>;

const isSet = (v: unknown) => v !== undefined && v !== null;

/** Adds to `out` what breaks the field's rules; `pathOf` gives its path (built only for fields that have rules). */
export function fieldFindings(descriptor: ProtoDescriptor, field: FieldDescriptor, rules: FieldRules, value: unknown, compile: Compile, pathOf: () => string, out: Finding[]): void {
  const pgv = rules.rules;
  if (!pgv) return;
  if (rules.presence && !isSet(value)) return;
  const path = pathOf();
  const found = field.keyType ? mapFindings(descriptor, field, pgv, value, compile, path)
    : field.repeated ? repeatedFindings(descriptor, field, pgv, value, compile, path)
    : singleFindings(descriptor, field.type, pgv, value, compile, path);
  for (const f of found) out.push(f);
}

function repeatedFindings(descriptor: ProtoDescriptor, field: FieldDescriptor, pgv: PgvRules, value: unknown, compile: Compile, path: string): Finding[] {
  const items = Array.isArray(value) ? value : [];
  const rules = pgv['repeated'] as Json | undefined;
  if (!rules || (rules['ignore_empty'] === true && items.length === 0)) return [];
  const out: Finding[] = [];
  if (rules['min_items'] !== undefined && items.length < Number(rules['min_items'])) out.push({ path, rule: 'repeated.min_items', message: `must have at least ${rules['min_items']} items, has ${items.length}` });
  if (rules['max_items'] !== undefined && items.length > Number(rules['max_items'])) out.push({ path, rule: 'repeated.max_items', message: `must have at most ${rules['max_items']} items, has ${items.length}` });
  if (rules['unique'] === true) {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) out.push({ path: indexPath(path, i), rule: 'repeated.unique', message: `repeats ${key}; items must be unique` });
      seen.add(key);
    });
  }
  const itemRules = rules['items'] as PgvRules | undefined;
  if (itemRules) items.forEach((item, i) => out.push(...singleFindings(descriptor, field.type, itemRules, item, compile, indexPath(path, i))));
  return out;
}

function mapFindings(descriptor: ProtoDescriptor, field: FieldDescriptor, pgv: PgvRules, value: unknown, compile: Compile, path: string): Finding[] {
  const entries = value && typeof value === 'object' ? Object.entries(value as Json).filter(([, v]) => v !== undefined) : [];
  const rules = pgv['map'] as Json | undefined;
  if (!rules || (rules['ignore_empty'] === true && entries.length === 0)) return [];
  const out: Finding[] = [];
  if (rules['min_pairs'] !== undefined && entries.length < Number(rules['min_pairs'])) out.push({ path, rule: 'map.min_pairs', message: `must have at least ${rules['min_pairs']} entries, has ${entries.length}` });
  if (rules['max_pairs'] !== undefined && entries.length > Number(rules['max_pairs'])) out.push({ path, rule: 'map.max_pairs', message: `must have at most ${rules['max_pairs']} entries, has ${entries.length}` });
  for (const [key, item] of entries) {
    const at = keyPath(path, key);
    if (rules['no_sparse'] === true && !isSet(item)) out.push({ path: at, rule: 'map.no_sparse', message: 'map values must be set' });
    if (rules['keys']) out.push(...singleFindings(descriptor, field.keyType ?? 'string', rules['keys'] as PgvRules, key, compile, at));
    if (rules['values']) out.push(...singleFindings(descriptor, field.type, rules['values'] as PgvRules, item, compile, at));
  }
  return out;
}

/** One value (a singular field, a list item, a map key or value) against its rules. */
function singleFindings(descriptor: ProtoDescriptor, type: string, pgv: PgvRules, value: unknown, compile: Compile, path: string): Finding[] {
  const out: Finding[] = [];
  for (const [kind, body] of Object.entries(pgv)) {
    const rules = (body ?? {}) as Json;
    const typeName = type.startsWith('.') ? type.slice(1) : type;
    if (kind === 'message') {
      if (rules['required'] === true && !isSet(value)) out.push({ path, rule: 'message.required', message: 'is required' });
    } else if (kind === 'duration' || kind === 'timestamp' || kind === 'any') {
      if (!isSet(value)) {
        if (rules['required'] === true) out.push({ path, rule: `${kind}.required`, message: 'is required' });
      } else if (kind === 'any') {
        out.push(...anyFindings(rules, value as Json, path));
      } else {
        const nanos = nanosOf(value);
        if (nanos !== undefined) out.push(...comparisonFindings(kind, nanos, rules, nanosOf, showDuration, path));
      }
    } else if (kind === 'enum') {
      out.push(...enumFindings(descriptor, typeName, rules, value ?? 0, path));
    } else if (typeName.startsWith('google.protobuf.') && typeName.endsWith('Value')) {
      // A wrapper: the rules are the wrapped value's, checked when the wrapper is set.
      if (isSet(value)) out.push(...scalarFindings(kind, rules, (value as Json)['value'] ?? defaultScalar(kind), compile, path));
    } else {
      out.push(...scalarFindings(kind, rules, value ?? defaultScalar(kind), compile, path));
    }
  }
  return out;
}

function scalarFindings(kind: string, rules: Json, value: unknown, compile: Compile, path: string): Finding[] {
  if (kind === 'string') return typeof value === 'string' ? stringFindings(value, rules, compile, path) : [];
  if (kind === 'bytes') return typeof value === 'string' || value instanceof Uint8Array ? bytesFindings(value, rules, compile, path) : [];
  if (kind === 'bool') return rules['const'] !== undefined && value !== rules['const'] ? [{ path, rule: 'bool.const', message: `must be ${rules['const']}` }] : [];
  const number = kind === 'float' || kind === 'double' ? (typeof value === 'number' ? value : undefined) : integerOf(value, true);
  if (number === undefined) return [];
  if (rules['ignore_empty'] === true && number == 0) return [];
  const read = (x: unknown) => (kind === 'float' || kind === 'double' ? (typeof x === 'number' ? x : undefined) : integerOf(x, true));
  return comparisonFindings(kind, number, rules, read, (x) => String(x), path);
}

function enumFindings(descriptor: ProtoDescriptor, enumName: string, rules: Json, value: unknown, path: string): Finding[] {
  const values = descriptor.enums[enumName]?.values ?? {};
  const number = typeof value === 'number' ? value : values[String(value)];
  const out: Finding[] = [];
  if (rules['defined_only'] === true && (number === undefined || !Object.values(values).includes(number))) out.push({ path, rule: 'enum.defined_only', message: `${JSON.stringify(value)} is not a defined ${enumName}` });
  if (number === undefined) return out;
  const asList = (x: unknown) => (Array.isArray(x) ? x : x === undefined ? [] : [x]).map(Number);
  if (rules['const'] !== undefined && number !== Number(rules['const'])) out.push({ path, rule: 'enum.const', message: `must be ${rules['const']}` });
  if (rules['in'] !== undefined && !asList(rules['in']).includes(number)) out.push({ path, rule: 'enum.in', message: `${JSON.stringify(value)} must be one of ${asList(rules['in']).join(', ')}` });
  if (asList(rules['not_in']).includes(number)) out.push({ path, rule: 'enum.not_in', message: `${JSON.stringify(value)} must not be ${asList(rules['not_in']).join(', ')}` });
  return out;
}

function anyFindings(rules: Json, value: Json, path: string): Finding[] {
  const url = value['@type'];
  const asList = (x: unknown) => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
  if (rules['in'] !== undefined && !asList(rules['in']).includes(url)) return [{ path, rule: 'any.in', message: `type ${String(url)} is not one of ${asList(rules['in']).join(', ')}` }];
  if (asList(rules['not_in']).includes(url)) return [{ path, rule: 'any.not_in', message: `type ${String(url)} is not allowed here` }];
  return [];
}

function showDuration(value: unknown): string {
  const nanos = typeof value === 'bigint' ? value : nanosOf(value);
  if (nanos === undefined) return JSON.stringify(value);
  return `${Number(nanos) / 1e9}s`;
}
