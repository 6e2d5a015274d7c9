// Model-driven input validation: walks a value against a shape of the App Mesh
// service model and reports the first problem (depth first, members in
// declaration order). Pure and synchronous: it runs on every API request.
import {
  shapeOf,
  type ListShape,
  type MemberRef,
  type NumberShape,
  type StringShape,
  type StructureShape,
} from './serviceModel.js';
import { extraMemberRuleFor, extraRuleFor, idempotencyTokenRule, numberBounds, type ExtraStringRule } from './extraConstraints.js';
import { crossFieldIssue } from './crossFieldRules.js';
import { re2Issue } from './re2Check.js';

export type ValidationIssue = { path: string; message: string };

/** Validates against the model (plus extraConstraints) only, no cross-field rules. */
export function validateShape(shapeName: string, value: unknown, path: string): ValidationIssue | undefined {
  return walk(shapeName, value, path, false, undefined);
}

/** Public entry for API inputs: model rules, then App Mesh cross-field rules on every nested shape. */
export function validateInput(inputShapeName: string, input: unknown): ValidationIssue | undefined {
  return walk(inputShapeName, input, '', true, undefined);
}

// Patterns are compiled once; the model has few distinct ones.
const regexCache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

// Member lists and required sets are built once per structure, not per request.
type CompiledStructure = { entries: [string, MemberRef][]; required: ReadonlySet<string>; names: string };
const structureCache = new Map<string, CompiledStructure>();
function compiledStructure(name: string, shape: StructureShape): CompiledStructure {
  let c = structureCache.get(name);
  if (c === undefined) {
    const entries = Object.entries(shape.members);
    c = { entries, required: new Set(shape.required ?? []), names: entries.map(([k]) => k).join(', ') };
    structureCache.set(name, c);
  }
  return c;
}

function at(path: string, message: string): ValidationIssue {
  return { path, message: `${path === '' ? 'input' : path}: ${message}` };
}
const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const isSet = (v: unknown): boolean => v !== undefined && v !== null;

function kind(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// Length in characters (code points), not UTF-16 units; fast path for BMP-only strings.
const SURROGATE = /[\uD800-\uDFFF]/;
const charLength = (s: string): number => (SURROGATE.test(s) ? [...s].length : s.length);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function walk(
  name: string,
  value: unknown,
  path: string,
  cross: boolean,
  extra: ExtraStringRule | undefined,
): ValidationIssue | undefined {
  const shape = shapeOf(name);
  switch (shape.type) {
    case 'structure':
      return walkStructure(name, shape, value, path, cross);
    case 'list':
      return walkList(name, shape, value, path, cross);
    case 'string':
      return checkString(shape, value, path, extraRuleFor(name), extra);
    case 'integer':
    case 'long':
      return checkNumber(shape, value, path);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : at(path, `must be a boolean (got ${kind(value)})`);
    case 'timestamp':
      return checkTimestamp(value, path);
    default: {
      const unreachable: never = shape;
      throw new Error(`unsupported shape type in ${name}: ${JSON.stringify(unreachable)}`);
    }
  }
}

function walkStructure(
  name: string,
  shape: StructureShape,
  value: unknown,
  path: string,
  cross: boolean,
): ValidationIssue | undefined {
  if (!isPlainObject(value)) return at(path, `must be an object (got ${kind(value)})`);
  // Unknown keys first: a misspelt field explains a "required" error better than the error itself.
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined && !Object.hasOwn(shape.members, key)) return at(join(path, key), 'unknown field');
  }
  const { entries, required, names } = compiledStructure(name, shape);
  if (shape.union === true) {
    const set = entries.filter(([key]) => isSet(value[key])).map(([key]) => key);
    if (set.length !== 1) {
      return at(path, `must set exactly one of ${names} (got ${set.length === 0 ? 'none' : set.join(', ')})`);
    }
  }
  for (const [key, member] of entries) {
    const v = value[key];
    const p = join(path, key);
    if (!isSet(v)) {
      if (required.has(key)) return at(p, 'is required');
      continue; // null is treated as absent for optional members
    }
    const memberRule = member.idempotencyToken === true ? idempotencyTokenRule : extraMemberRuleFor(name, key);
    const found = walk(member.shape, v, p, cross, memberRule);
    if (found !== undefined) return found;
  }
  return cross ? crossFieldIssue(name, value, path) : undefined;
}

function walkList(name: string, shape: ListShape, value: unknown, path: string, cross: boolean): ValidationIssue | undefined {
  if (!Array.isArray(value)) return at(path, `must be a list (got ${kind(value)})`);
  if (shape.min !== undefined && value.length < shape.min) {
    return at(path, `must have at least ${plural(shape.min, 'item')} (got ${value.length})`);
  }
  if (shape.max !== undefined && value.length > shape.max) {
    return at(path, `must have at most ${plural(shape.max, 'item')} (got ${value.length})`);
  }
  for (let i = 0; i < value.length; i++) {
    const found = walk(shape.member.shape, value[i], `${path}[${i}]`, cross, undefined);
    if (found !== undefined) return found;
  }
  return cross ? crossFieldIssue(name, value, path) : undefined;
}

function checkString(
  shape: StringShape,
  value: unknown,
  path: string,
  shapeRule: ExtraStringRule | undefined,
  memberRule: ExtraStringRule | undefined,
): ValidationIssue | undefined {
  if (typeof value !== 'string') return at(path, `must be a string (got ${kind(value)})`);
  // A lone surrogate cannot be written as UTF-8: DynamoDB and protobuf would both mangle it.
  if (LONE_SURROGATE.test(value)) return at(path, 'must be valid Unicode (it holds a lone surrogate)');
  const rules = [shapeRule, memberRule].filter((r): r is ExtraStringRule => r !== undefined);
  const min = Math.max(shape.min ?? 0, ...rules.map((r) => r.min ?? 0));
  const max = Math.min(shape.max ?? Infinity, ...rules.map((r) => r.max ?? Infinity));
  if (min > 0 || max < Infinity) {
    const len = charLength(value);
    if (len < min) return at(path, `must be at least ${plural(min, 'character')} long (got ${len})`);
    if (len > max) return at(path, `must be at most ${plural(max, 'character')} long (got ${len})`);
  }
  const maxBytes = Math.min(...rules.map((r) => r.maxBytes ?? Infinity));
  if (maxBytes < Infinity) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > maxBytes) return at(path, `must be at most ${plural(maxBytes, 'byte')} long in UTF-8 (got ${bytes})`);
  }
  if (shape.pattern !== undefined && !compiled(shape.pattern).test(value)) return at(path, `must match ${shape.pattern}`);
  for (const rule of rules) {
    if (rule.pattern !== undefined && !compiled(rule.pattern).test(value)) return at(path, rule.says ?? `must match ${rule.pattern}`);
    if (rule.re2 === true) {
      const problem = re2Issue(value);
      if (problem !== undefined) return at(path, problem);
    }
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return at(path, `must be one of ${shape.enum.join(', ')} (got ${JSON.stringify(shown)})`);
  }
  return undefined;
}

function checkNumber(shape: NumberShape, value: unknown, path: string): ValidationIssue | undefined {
  if (typeof value !== 'number') return at(path, `must be an integer (got ${kind(value)})`);
  if (!Number.isInteger(value)) return at(path, `must be an integer (got ${value})`); // also NaN/Infinity
  if (shape.min !== undefined && value < shape.min) return at(path, `must be at least ${shape.min} (got ${value})`);
  if (shape.max !== undefined && value > shape.max) return at(path, `must be at most ${shape.max} (got ${value})`);
  const bounds = numberBounds[shape.type];
  if (value < bounds.min) return at(path, `must be at least ${bounds.min}, ${bounds.why} (got ${value})`);
  if (value > bounds.max) return at(path, `must be at most ${bounds.max}, ${bounds.why} (got ${value})`);
  return undefined;
}

// ISO 8601 date or date-time; Date.parse alone accepts too many informal formats.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function checkTimestamp(value: unknown, path: string): ValidationIssue | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) return undefined;
  return at(path, 'must be a timestamp (epoch seconds or ISO 8601 string)');
}
