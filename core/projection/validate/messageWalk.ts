// Walks one resource against Envoy's types and rules: every field the type
// knows (unknown ones are reported), every value in its wire type's range,
// every Any unpacked by its type URL, every PGV rule, every safe_regex
// compiled, and every deprecated or disallowed-by-default field or enum value
// in use. Paths are kept as segments and joined only where something is
// found: most of a snapshot is fine, and building a path per field would be
// most of the cost.
import type { FieldDescriptor, ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { durationIssue, timestampIssue } from './durations.js';
import type { RulesDescriptor } from './envoyRules.js';
import { fieldFindings } from './fieldRules.js';
import { scalarTypeIssue } from './scalarTypes.js';
import type { Compile } from './stringRules.js';
import type { Finding } from './violation.js';

type Json = Record<string, unknown>;

const regexMatcher = 'envoy.type.matcher.v3.RegexMatcher';
const isSet = (v: unknown) => v !== undefined && v !== null;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
/** Unset on the wire: proto3 drops a scalar holding its default, so Envoy never sees it. */
const isDefault = (v: unknown) => v === 0 || v === '' || v === false || (Array.isArray(v) && v.length === 0);

/** Where the walk is: segments (`name`, `[0]`, `["key"]`) joined on demand. */
class Cursor {
  private readonly segments: string[] = [];
  constructor(readonly out: Finding[]) {}
  push(segment: string): void {
    this.segments.push(segment);
  }
  pop(): void {
    this.segments.pop();
  }
  path(extra?: string): string {
    let path = '';
    for (const s of extra === undefined ? this.segments : [...this.segments, extra]) path = s.startsWith('[') ? path + s : path ? `${path}.${s}` : s;
    return path;
  }
  report(rule: string, message: string, extra?: string): void {
    this.out.push({ path: this.path(extra), rule, message });
  }
}

export class MessageWalk {
  constructor(
    private readonly descriptor: ProtoDescriptor,
    private readonly rules: RulesDescriptor,
    /** For PGV's `pattern` rules. */
    private readonly compile: Compile,
    /** RE2 for Envoy's safe_regex; undefined skips that check (an agent without the native addon). */
    private readonly re2: Compile | undefined,
  ) {}

  /** Findings for a resource of message `typeName` (full name, no leading dot), with paths from the resource's root. */
  resource(typeName: string, value: unknown, out: Finding[]): void {
    this.message(typeName, value, new Cursor(out), true);
  }

  private message(typeName: string, value: unknown, at: Cursor, pgv: boolean): void {
    if (!isObject(value)) return at.report('type.message', `${typeName} expected (an object), got ${JSON.stringify(value)}`);
    if (typeName === 'google.protobuf.Any') return this.any(value, at, pgv);
    if (typeName === 'google.protobuf.Duration') {
      const issue = durationIssue(value);
      if (issue) at.report(issue.rule, issue.message);
    } else if (typeName === 'google.protobuf.Timestamp') {
      const issue = timestampIssue(value);
      if (issue) at.report('type.timestamp', issue);
    } else if (typeName === regexMatcher && this.re2 && typeof value['regex'] === 'string') {
      // Envoy compiles every safe_regex with RE2 as it loads the config.
      const compiled = this.re2(value['regex']);
      if (typeof compiled === 'string') at.report('envoy.regex_re2', `RE2 refuses ${JSON.stringify(value['regex'])}: ${compiled}`, 'regex');
    }
    this.fields(typeName, value, at, pgv);
  }

  private any(value: Json, at: Cursor, pgv: boolean): void {
    const url = value['@type'];
    if (typeof url !== 'string') return at.report('type.any', 'an Any needs a @type');
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (!this.descriptor.messages[name]) return at.report('type.any', `Any of a type Envoy's descriptor here does not hold: ${url}`);
    const { '@type': _type, ...fields } = value;
    this.message(name, fields, at, pgv);
  }

  private fields(typeName: string, value: Json, at: Cursor, pgv: boolean): void {
    const message = this.descriptor.messages[typeName];
    if (!message) return at.report('type.message', `${typeName} is not in the descriptor`);
    const rules = this.rules.messages[typeName];
    for (const name in value) {
      const child = value[name];
      const field = message.fields[name];
      if (!field) {
        at.report('type.unknown_field', `${typeName} has no field '${name}'`, name);
        continue;
      }
      if (child === undefined || child === null) continue;
      const fieldRules = rules?.fields?.[name];
      if (fieldRules?.deprecated && !isDefault(child)) {
        const since = fieldRules.deprecated === true ? '' : ` since ${fieldRules.deprecated}`;
        if (fieldRules.disallowed) at.report('envoy.disallowed_by_default', `${name} is deprecated${since} and disallowed by default: Envoy refuses it`, name);
        else at.report('envoy.deprecated', `${name} is deprecated${since}`, name);
      }
      const skip = fieldRules?.rules !== undefined && (fieldRules.rules['message'] as Json | undefined)?.['skip'] === true;
      at.push(name);
      this.value(field, child, at, pgv && !skip);
      at.pop();
    }
    if (message.oneofs) {
      for (const oneof in message.oneofs) {
        const set = message.oneofs[oneof]!.filter((m) => isSet(value[m]));
        if (set.length > 1) at.report('type.oneof', `${set.join(' and ')} are both set; oneof ${oneof} takes one`);
      }
    }
    if (!pgv || !rules || rules.disabled) return;
    if (rules.requiredOneofs) {
      for (const oneof in rules.requiredOneofs) {
        if (!rules.requiredOneofs[oneof]!.some((m) => isSet(value[m]))) at.report('oneof.required', `one of ${rules.requiredOneofs[oneof]!.join(', ')} is required`, oneof);
      }
    }
    if (rules.fields) {
      for (const name in rules.fields) {
        const fieldRules = rules.fields[name]!;
        const field = message.fields[name];
        if (field && fieldRules.rules) fieldFindings(this.descriptor, field, fieldRules, value[name], this.compile, () => at.path(name), at.out);
      }
    }
  }

  private value(field: FieldDescriptor, value: unknown, at: Cursor, pgv: boolean): void {
    if (field.keyType) {
      if (!isObject(value)) return at.report('type.map', `a map (object) expected, got ${JSON.stringify(value)}`);
      for (const key in value) {
        at.push(`[${JSON.stringify(key)}]`);
        if (field.keyType !== 'string') {
          const keyValue = field.keyType === 'bool' ? (key === 'true' ? true : key === 'false' ? false : key) : /^-?\d+$/.test(key) ? Number(key) : key;
          const issue = scalarTypeIssue(field.keyType, keyValue);
          if (issue) at.report(`type.${field.keyType}`, `map key: ${issue}`);
        }
        this.single(field.type, value[key], at, pgv);
        at.pop();
      }
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) return at.report('type.repeated', `a list expected, got ${JSON.stringify(value)}`);
      for (let i = 0; i < value.length; i++) {
        at.push(`[${i}]`);
        this.single(field.type, value[i], at, pgv);
        at.pop();
      }
      return;
    }
    this.single(field.type, value, at, pgv);
  }

  private single(type: string, value: unknown, at: Cursor, pgv: boolean): void {
    if (type.charCodeAt(0) !== 46 /* '.' */) {
      const issue = scalarTypeIssue(type, value);
      if (issue) at.report(`type.${type}`, issue);
      return;
    }
    const name = type.slice(1);
    const enumeration = this.descriptor.enums[name];
    if (!enumeration) return this.message(name, value, at, pgv);
    if (typeof value === 'string') {
      if (enumeration.values[value] === undefined) at.report('type.enum', `${JSON.stringify(value)} is not a value of ${name}`);
      const enumRules = this.rules.enums[name];
      if (enumRules?.disallowed?.includes(value)) at.report('envoy.disallowed_by_default', `${value} is deprecated and disallowed by default: Envoy refuses it`);
      else if (enumRules?.deprecated?.[value]) at.report('envoy.deprecated', `${value} is deprecated`);
    } else {
      const issue = scalarTypeIssue('int32', value);
      if (issue) at.report('type.enum', `${name}: ${issue}`);
    }
  }
}
