// PGV's rules for one field, compiled once into a yes/no test that
// allocates nothing: "does this value break none of them?". Only a value
// that fails it goes through fieldRules.ts, which says how, so the findings
// are fieldRules.ts's own. Every test here must answer yes only where
// fieldRules.ts finds nothing; where a rule is rare or subtle, the test is
// fieldRules.ts itself.
import type { FieldDescriptor, ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { nanosOf } from './durations.js';
import type { FieldRules, PgvRules } from './envoyRules.js';
import { fieldFindings } from './fieldRules.js';
import { defaultScalar, integerOf } from './scalarTypes.js';
import type { Compile } from './stringRules.js';
import { stringFindings } from './stringRules.js';
import type { Finding } from './violation.js';
import { matchesWellKnownRegex } from './wellKnownStrings.js';

type Json = Record<string, unknown>;
export type Passes = (value: unknown) => boolean;

const isSet = (v: unknown) => v !== undefined && v !== null;
const always: Passes = () => true;
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);

/** The test for field `field` under `rules` (which carry a `rules` option). */
export function rulePredicate(descriptor: ProtoDescriptor, field: FieldDescriptor, rules: FieldRules, compile: Compile): Passes {
  const pgv = rules.rules;
  if (!pgv) return always;
  const exact: Passes = (value) => {
    const out: Finding[] = [];
    fieldFindings(descriptor, field, rules, value, compile, () => '', out);
    return out.length === 0;
  };
  const inner = field.keyType ? mapPredicate(descriptor, field, pgv, compile) : field.repeated ? repeatedPredicate(descriptor, field.type, pgv, compile, exact) : singlePredicate(descriptor, field.type, pgv, compile);
  const test = inner ?? exact;
  return rules.presence ? (value) => !isSet(value) || test(value) : test;
}

function mapPredicate(descriptor: ProtoDescriptor, field: FieldDescriptor, pgv: PgvRules, compile: Compile): Passes | undefined {
  const rules = pgv['map'] as Json | undefined;
  if (!rules) return always;
  const keys = rules['keys'] ? singlePredicate(descriptor, field.keyType ?? 'string', rules['keys'] as PgvRules, compile) : always;
  const values = rules['values'] ? singlePredicate(descriptor, field.type, rules['values'] as PgvRules, compile) : always;
  if (!keys || !values) return undefined;
  const ignoreEmpty = rules['ignore_empty'] === true;
  const min = rules['min_pairs'] === undefined ? undefined : Number(rules['min_pairs']);
  const max = rules['max_pairs'] === undefined ? undefined : Number(rules['max_pairs']);
  const noSparse = rules['no_sparse'] === true;
  return (value) => {
    const map = value && typeof value === 'object' ? (value as Json) : {};
    const names = Object.keys(map).filter((name) => map[name] !== undefined);
    if (ignoreEmpty && names.length === 0) return true;
    if ((min !== undefined && names.length < min) || (max !== undefined && names.length > max)) return false;
    for (const name of names) {
      const item = map[name];
      if ((noSparse && !isSet(item)) || !keys(name) || !values(item)) return false;
    }
    return true;
  };
}

function repeatedPredicate(descriptor: ProtoDescriptor, type: string, pgv: PgvRules, compile: Compile, exact: Passes): Passes | undefined {
  const rules = pgv['repeated'] as Json | undefined;
  if (!rules) return always;
  const ignoreEmpty = rules['ignore_empty'] === true;
  const min = rules['min_items'] === undefined ? undefined : Number(rules['min_items']);
  const max = rules['max_items'] === undefined ? undefined : Number(rules['max_items']);
  const unique = rules['unique'] === true;
  const itemRules = rules['items'] as PgvRules | undefined;
  const item = itemRules ? singlePredicate(descriptor, type, itemRules, compile) : always;
  if (!item) return exact;
  return (value) => {
    const items = Array.isArray(value) ? value : [];
    if (ignoreEmpty && items.length === 0) return true;
    if (min !== undefined && items.length < min) return false;
    if (max !== undefined && items.length > max) return false;
    if (unique && items.length > 1) return exact(value);
    for (let i = 0; i < items.length; i++) if (!item(items[i])) return false;
    return true;
  };
}

/** One value against its rules, as fieldRules.ts's singleFindings; undefined when a rule kind has no test here. */
function singlePredicate(descriptor: ProtoDescriptor, type: string, pgv: PgvRules, compile: Compile): Passes | undefined {
  const tests: Passes[] = [];
  const typeName = type.startsWith('.') ? type.slice(1) : type;
  const wrapper = typeName.startsWith('google.protobuf.') && typeName.endsWith('Value');
  for (const [kind, body] of Object.entries(pgv)) {
    const rules = (body ?? {}) as Json;
    let test: Passes | undefined;
    if (kind === 'message') test = rules['required'] === true ? isSet : always;
    else if (kind === 'duration' || kind === 'timestamp') test = durationPredicate(rules);
    else if (kind === 'any') test = anyPredicate(rules);
    else if (kind === 'enum') test = enumPredicate(descriptor, typeName, rules);
    else {
      const scalar = scalarPredicate(kind, rules, compile);
      if (scalar) {
        const fallback = defaultScalar(kind);
        test = wrapper ? (v) => !isSet(v) || scalar((v as Json)['value'] ?? fallback) : (v) => scalar(v ?? fallback);
      }
    }
    if (!test) return undefined;
    tests.push(test);
  }
  if (tests.length === 0) return always;
  if (tests.length === 1) return tests[0];
  return (value) => {
    for (const test of tests) if (!test(value)) return false;
    return true;
  };
}

function durationPredicate(rules: Json): Passes | undefined {
  const required = rules['required'] === true;
  const compare = comparisonPredicate(rules, nanosOf);
  if (!compare) return undefined;
  return (value) => {
    if (!isSet(value)) return !required;
    const nanos = nanosOf(value);
    return nanos === undefined || compare(nanos);
  };
}

function anyPredicate(rules: Json): Passes {
  const required = rules['required'] === true;
  const allowed = rules['in'] === undefined ? undefined : list(rules['in']);
  const refused = list(rules['not_in']);
  return (value) => {
    if (!isSet(value)) return !required;
    const url = (value as Json)['@type'];
    return (allowed === undefined || allowed.includes(url)) && !refused.includes(url);
  };
}

function enumPredicate(descriptor: ProtoDescriptor, enumName: string, rules: Json): Passes | undefined {
  if (rules['const'] !== undefined || rules['in'] !== undefined) return undefined;
  const values = descriptor.enums[enumName]?.values ?? {};
  const numbers = new Set(Object.values(values));
  const definedOnly = rules['defined_only'] === true;
  const refused = new Set(list(rules['not_in']).map(Number));
  return (raw) => {
    const value = raw ?? 0;
    const number = typeof value === 'number' ? value : values[String(value)];
    if (definedOnly && (number === undefined || !numbers.has(number))) return false;
    return number === undefined || !refused.has(number);
  };
}

type Comparable = number | bigint;

/** PGV's const/gt/gte/lt/lte (numberRules.ts's ranges, inside or outside); undefined for in/not_in. */
function comparisonPredicate(rules: Json, read: (rule: unknown) => Comparable | undefined): ((value: Comparable) => boolean) | undefined {
  if (rules['in'] !== undefined || rules['not_in'] !== undefined) return undefined;
  const bound = (name: string) => (rules[name] === undefined ? undefined : read(rules[name]));
  const [c, gt, gte, lt, lte] = [bound('const'), bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  const lower = gt ?? gte;
  const upper = lt ?? lte;
  const exclusive = lower !== undefined && upper !== undefined && upper < lower;
  return (value) => {
    if (c !== undefined && value != c) return false;
    const aboveLower = gt !== undefined ? value > gt : gte !== undefined ? value >= gte : true;
    const belowUpper = lt !== undefined ? value < lt : lte !== undefined ? value <= lte : true;
    return exclusive ? aboveLower || belowUpper : aboveLower && belowUpper;
  };
}

function scalarPredicate(kind: string, rules: Json, compile: Compile): Passes | undefined {
  if (kind === 'string') return stringPredicate(rules, compile);
  if (kind === 'bool') return (v) => rules['const'] === undefined || v === rules['const'];
  if (kind === 'bytes') return undefined;
  const float = kind === 'float' || kind === 'double';
  const read = (x: unknown) => (float ? (typeof x === 'number' ? x : undefined) : integerOf(x, true));
  const compare = comparisonPredicate(rules, read);
  if (!compare) return undefined;
  const ignoreEmpty = rules['ignore_empty'] === true;
  return (v) => {
    // A JS integer compares with the bigint bounds as integerOf's bigint would.
    const number = float ? (typeof v === 'number' ? v : undefined) : typeof v === 'number' && Number.isInteger(v) ? v : integerOf(v, true);
    if (number === undefined) return true;
    if (ignoreEmpty && number == 0) return true;
    return compare(number);
  };
}

/** The string rules Envoy's protos use most, tested without allocating. */
const common = new Set(['min_len', 'max_bytes', 'well_known_regex', 'strict', 'ignore_empty']);

function stringPredicate(rules: Json, compile: Compile): Passes {
  const exact = (value: string) => stringFindings(value, rules, compile, '').length === 0;
  if (!Object.keys(rules).every((key) => common.has(key))) return (v) => typeof v !== 'string' || exact(v);
  const ignoreEmpty = rules['ignore_empty'] === true;
  const minLen = rules['min_len'] as number | undefined;
  const maxBytes = rules['max_bytes'] as number | undefined;
  const wellKnown = typeof rules['well_known_regex'] === 'string' ? rules['well_known_regex'] : undefined;
  const strict = rules['strict'] !== false;
  return (v) => {
    if (typeof v !== 'string') return true;
    if (ignoreEmpty && v === '') return true;
    // A string of n UTF-16 units has at most n code points and at most 3n UTF-8 bytes; near the bounds, count exactly.
    const lengthOk = (minLen === undefined || v.length >= 2 * minLen) && (maxBytes === undefined || v.length * 3 <= maxBytes);
    const formatOk = wellKnown === undefined || matchesWellKnownRegex(wellKnown, strict, v);
    return (lengthOk && formatOk) || exact(v);
  };
}
