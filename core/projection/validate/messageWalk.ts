// Walks one resource against Envoy's types and rules: every field the type
// knows (unknown ones are reported), every value in its wire type's range,
// every Any unpacked by its type URL, every PGV rule, and every deprecated or
// disallowed-by-default field or enum value in use.
import type { FieldDescriptor, ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { durationIssue, timestampIssue } from './durations.js';
import type { RulesDescriptor } from './envoyRules.js';
import { fieldFindings } from './fieldRules.js';
import { scalarTypeIssue } from './scalarTypes.js';
import type { Compile } from './stringRules.js';
import type { Finding } from './violation.js';
import { fieldPath, indexPath, keyPath } from './violation.js';

type Json = Record<string, unknown>;

const regexMatcher = 'envoy.type.matcher.v3.RegexMatcher';
const isSet = (v: unknown) => v !== undefined && v !== null;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
/** Unset on the wire: proto3 drops a scalar holding its default, so Envoy never sees it. */
const isDefault = (v: unknown) => v === 0 || v === '' || v === false || (Array.isArray(v) && v.length === 0);

export class MessageWalk {
  constructor(
    private readonly descriptor: ProtoDescriptor,
    private readonly rules: RulesDescriptor,
    /** For PGV's `pattern` rules. */
    private readonly compile: Compile,
    /** RE2 for Envoy's safe_regex; undefined skips that check (an agent without the native addon). */
    private readonly re2: Compile | undefined,
  ) {}

  /** Findings for `value` as message `typeName` (full name, no leading dot). */
  message(typeName: string, value: unknown, path: string, out: Finding[], pgv = true): void {
    if (!isObject(value)) {
      out.push({ path, rule: 'type.message', message: `${typeName} expected (an object), got ${JSON.stringify(value)}` });
      return;
    }
    if (typeName === 'google.protobuf.Any') return this.any(value, path, out, pgv);
    if (typeName === 'google.protobuf.Duration') {
      const issue = durationIssue(value);
      if (issue) out.push({ path, ...issue });
    } else if (typeName === 'google.protobuf.Timestamp') {
      const issue = timestampIssue(value);
      if (issue) out.push({ path, rule: 'type.timestamp', message: issue });
    } else if (typeName === regexMatcher && this.re2 && typeof value['regex'] === 'string') {
      // Envoy compiles every safe_regex with RE2 as it loads the config.
      const compiled = this.re2(value['regex']);
      if (typeof compiled === 'string') out.push({ path: fieldPath(path, 'regex'), rule: 'envoy.regex_re2', message: `RE2 refuses ${JSON.stringify(value['regex'])}: ${compiled}` });
    }
    this.fields(typeName, value, path, out, pgv);
  }

  private any(value: Json, path: string, out: Finding[], pgv: boolean): void {
    const url = value['@type'];
    if (typeof url !== 'string') {
      out.push({ path, rule: 'type.any', message: 'an Any needs a @type' });
      return;
    }
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (!this.descriptor.messages[name]) {
      out.push({ path, rule: 'type.any', message: `Any of a type Envoy's descriptor here does not hold: ${url}` });
      return;
    }
    const { '@type': _type, ...fields } = value;
    this.message(name, fields, path, out, pgv);
  }

  private fields(typeName: string, value: Json, path: string, out: Finding[], pgv: boolean): void {
    const message = this.descriptor.messages[typeName];
    if (!message) {
      out.push({ path, rule: 'type.message', message: `${typeName} is not in the descriptor` });
      return;
    }
    const rules = this.rules.messages[typeName];
    for (const [name, child] of Object.entries(value)) {
      const field = message.fields[name];
      const at = fieldPath(path, name);
      if (!field) {
        out.push({ path: at, rule: 'type.unknown_field', message: `${typeName} has no field '${name}'` });
        continue;
      }
      if (!isSet(child)) continue;
      const fieldRules = rules?.fields?.[name];
      if (fieldRules?.deprecated && !isDefault(child)) {
        const since = fieldRules.deprecated === true ? '' : ` since ${fieldRules.deprecated}`;
        out.push(fieldRules.disallowed
          ? { path: at, rule: 'envoy.disallowed_by_default', message: `${name} is deprecated${since} and disallowed by default: Envoy refuses it` }
          : { path: at, rule: 'envoy.deprecated', message: `${name} is deprecated${since}` });
      }
      const skip = (fieldRules?.rules?.['message'] as Json | undefined)?.['skip'] === true;
      this.value(field, child, at, out, pgv && !skip);
    }
    for (const [oneof, members] of Object.entries(message.oneofs ?? {})) {
      const set = members.filter((m) => isSet(value[m]));
      if (set.length > 1) out.push({ path, rule: 'type.oneof', message: `${set.join(' and ')} are both set; oneof ${oneof} takes one` });
    }
    if (!pgv || !rules || rules.disabled) return;
    for (const [oneof, members] of Object.entries(rules.requiredOneofs ?? {})) {
      if (!members.some((m) => isSet(value[m]))) out.push({ path: fieldPath(path, oneof), rule: 'oneof.required', message: `one of ${members.join(', ')} is required` });
    }
    for (const [name, fieldRules] of Object.entries(rules.fields ?? {})) {
      const field = message.fields[name];
      if (field && fieldRules.rules) out.push(...fieldFindings(this.descriptor, field, fieldRules, value[name], this.compile, fieldPath(path, name)));
    }
  }

  private value(field: FieldDescriptor, value: unknown, path: string, out: Finding[], pgv: boolean): void {
    if (field.keyType) {
      if (!isObject(value)) {
        out.push({ path, rule: 'type.map', message: `a map (object) expected, got ${JSON.stringify(value)}` });
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        const at = keyPath(path, key);
        const keyIssue = field.keyType === 'string' ? undefined : scalarTypeIssue(field.keyType, field.keyType === 'bool' ? key === 'true' || key === 'false' ? key === 'true' : key : /^-?\d+$/.test(key) ? Number(key) : key);
        if (keyIssue) out.push({ path: at, rule: `type.${field.keyType}`, message: `map key: ${keyIssue}` });
        this.single(field.type, item, at, out, pgv);
      }
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) {
        out.push({ path, rule: 'type.repeated', message: `a list expected, got ${JSON.stringify(value)}` });
        return;
      }
      value.forEach((item, i) => this.single(field.type, item, indexPath(path, i), out, pgv));
      return;
    }
    this.single(field.type, value, path, out, pgv);
  }

  private single(type: string, value: unknown, path: string, out: Finding[], pgv: boolean): void {
    if (!type.startsWith('.')) {
      const issue = scalarTypeIssue(type, value);
      if (issue) out.push({ path, rule: `type.${type}`, message: issue });
      return;
    }
    const name = type.slice(1);
    const enumeration = this.descriptor.enums[name];
    if (!enumeration) return this.message(name, value, path, out, pgv);
    if (typeof value === 'string') {
      if (enumeration.values[value] === undefined) out.push({ path, rule: 'type.enum', message: `${JSON.stringify(value)} is not a value of ${name}` });
      const enumRules = this.rules.enums[name];
      if (enumRules?.disallowed?.includes(value)) out.push({ path, rule: 'envoy.disallowed_by_default', message: `${value} is deprecated and disallowed by default: Envoy refuses it` });
      else if (enumRules?.deprecated?.[value]) out.push({ path, rule: 'envoy.deprecated', message: `${value} is deprecated` });
    } else {
      const issue = scalarTypeIssue('int32', value);
      if (issue) out.push({ path, rule: 'type.enum', message: `${name}: ${issue}` });
    }
  }
}
