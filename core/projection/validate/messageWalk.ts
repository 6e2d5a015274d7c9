// Walks one resource against Envoy's types and rules: every field the type
// knows (unknown ones are reported), every value in its wire type's range,
// every Any unpacked by its type URL, every PGV rule, every safe_regex
// compiled, and every deprecated or disallowed-by-default field or enum value
// in use. What each type needs is worked out once (walkPlan.ts); a value's
// PGV rules are first tried by a test that allocates nothing, and only a
// value that fails it is looked at again to say how (fieldRules.ts). Paths
// are kept as segments and joined only where something is found.
import type { ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { durationIssue, timestampIssue } from './durations.js';
import type { RulesDescriptor } from './envoyRules.js';
import { fieldFindings } from './fieldRules.js';
import { scalarTypeIssue } from './scalarTypes.js';
import type { Compile } from './stringRules.js';
import type { Finding } from './violation.js';
import type { EnumPlan, FieldPlan, MessagePlan } from './walkPlan.js';
import { WalkPlans } from './walkPlan.js';

type Json = Record<string, unknown>;

const isSet = (v: unknown) => v !== undefined && v !== null;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
/** Unset on the wire: proto3 drops a scalar holding its default, so Envoy never sees it. */
const isDefault = (v: unknown) => v === 0 || v === '' || v === false || (Array.isArray(v) && v.length === 0);
const integerKey = /^-?\d+$/;

/** Where the walk is: field names, list indexes and (already bracketed) map keys, joined on demand. */
class Cursor {
  private readonly segments: (string | number)[] = [];
  constructor(readonly out: Finding[]) {}
  push(segment: string | number): void {
    this.segments.push(segment);
  }
  pop(): void {
    this.segments.pop();
  }
  path(extra?: string): string {
    let path = '';
    const add = (s: string | number) => {
      path = typeof s === 'number' ? `${path}[${s}]` : s.startsWith('[') ? path + s : path ? `${path}.${s}` : s;
    };
    for (const s of this.segments) add(s);
    if (extra !== undefined) add(extra);
    return path;
  }
  report(rule: string, message: string, extra?: string): void {
    this.out.push({ path: this.path(extra), rule, message });
  }
}

export class MessageWalk {
  private readonly plans: WalkPlans;

  constructor(
    private readonly descriptor: ProtoDescriptor,
    rules: RulesDescriptor,
    /** For PGV's `pattern` rules. */
    private readonly compile: Compile,
    /** RE2 for Envoy's safe_regex; undefined skips that check (an agent without the native addon). */
    private readonly re2: Compile | undefined,
  ) {
    this.plans = new WalkPlans(descriptor, rules, compile);
  }

  /** Findings for a resource of message `typeName` (full name, no leading dot), with paths from the resource's root. */
  resource(typeName: string, value: unknown, out: Finding[]): void {
    this.message(this.plans.message(typeName), value, new Cursor(out), true, false);
  }

  /** `unpacked`: `value` is an Any's, whose `@type` is not one of the message's fields. */
  private message(plan: MessagePlan, value: unknown, at: Cursor, pgv: boolean, unpacked: boolean): void {
    if (!isObject(value)) return at.report('type.message', `${plan.typeName} expected (an object), got ${JSON.stringify(value)}`);
    switch (plan.special) {
      case 'any':
        return this.any(value, at, pgv, unpacked);
      case 'duration': {
        const issue = durationIssue(value);
        if (issue) at.report(issue.rule, issue.message);
        break;
      }
      case 'timestamp': {
        const issue = timestampIssue(value);
        if (issue) at.report('type.timestamp', issue);
        break;
      }
      case 'regex':
        // Envoy compiles every safe_regex with RE2 as it loads the config.
        if (this.re2 && typeof value['regex'] === 'string') {
          const compiled = this.re2(value['regex']);
          if (typeof compiled === 'string') at.report('envoy.regex_re2', `RE2 refuses ${JSON.stringify(value['regex'])}: ${compiled}`, 'regex');
        }
        break;
      case 'none':
        break;
    }
    this.fields(plan, value, at, pgv, unpacked);
  }

  private any(value: Json, at: Cursor, pgv: boolean, unpacked: boolean): void {
    // An Any inside an Any's own fields would see the outer @type: unpack by copy there.
    if (unpacked) {
      const { '@type': _type, ...fields } = value;
      return this.any(fields, at, pgv, false);
    }
    const url = value['@type'];
    if (typeof url !== 'string') return at.report('type.any', 'an Any needs a @type');
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (!this.descriptor.messages[name]) return at.report('type.any', `Any of a type Envoy's descriptor here does not hold: ${url}`);
    this.message(this.plans.message(name), value, at, pgv, true);
  }

  private fields(plan: MessagePlan, value: Json, at: Cursor, pgv: boolean, unpacked: boolean): void {
    if (!plan.known) return at.report('type.message', `${plan.typeName} is not in the descriptor`);
    for (const name in value) {
      const child = value[name];
      // Undefined is absent: the JSON that is stored and served drops it.
      if (child === undefined || (unpacked && name === '@type')) continue;
      const field = plan.fields.get(name);
      if (!field) {
        at.report('type.unknown_field', `${plan.typeName} has no field '${name}'`, name);
        continue;
      }
      if (child === null) continue;
      if (field.deprecation && !isDefault(child)) at.report(field.deprecation.rule, field.deprecation.message, name);
      at.push(name);
      this.value(field, child, at, pgv && !field.skip);
      at.pop();
    }
    for (const [oneof, members] of plan.oneofs) {
      let count = 0;
      for (const m of members) if (isSet(value[m])) count++;
      if (count > 1) at.report('type.oneof', `${members.filter((m) => isSet(value[m])).join(' and ')} are both set; oneof ${oneof} takes one`);
    }
    if (!pgv || !plan.pgv) return;
    for (const [oneof, members] of plan.requiredOneofs) {
      if (!members.some((m) => isSet(value[m]))) at.report('oneof.required', `one of ${members.join(', ')} is required`, oneof);
    }
    for (const rule of plan.ruleFields) {
      const child = value[rule.name];
      if (!rule.passes(child)) fieldFindings(this.descriptor, rule.field, rule.rules, child, this.compile, () => at.path(rule.name), at.out);
    }
  }

  private value(field: FieldPlan, value: unknown, at: Cursor, pgv: boolean): void {
    const keyType = field.field.keyType;
    if (keyType) {
      if (!isObject(value)) return at.report('type.map', `a map (object) expected, got ${JSON.stringify(value)}`);
      for (const key in value) {
        if (value[key] === undefined) continue;
        at.push(`[${JSON.stringify(key)}]`);
        if (keyType !== 'string') {
          const keyValue = keyType === 'bool' ? (key === 'true' ? true : key === 'false' ? false : key) : integerKey.test(key) ? Number(key) : key;
          const issue = scalarTypeIssue(keyType, keyValue);
          if (issue) at.report(`type.${keyType}`, `map key: ${issue}`);
        }
        this.single(field, value[key], at, pgv);
        at.pop();
      }
      return;
    }
    if (field.field.repeated) {
      if (!Array.isArray(value)) return at.report('type.repeated', `a list expected, got ${JSON.stringify(value)}`);
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        this.single(field, value[i], at, pgv);
        at.pop();
      }
      return;
    }
    this.single(field, value, at, pgv);
  }

  private single(field: FieldPlan, value: unknown, at: Cursor, pgv: boolean): void {
    if (field.scalar !== undefined) {
      const issue = scalarTypeIssue(field.scalar, value);
      if (issue) at.report(`type.${field.scalar}`, issue);
      return;
    }
    if (field.enumeration) return this.enumValue(field.enumeration, value, at);
    this.message(this.plans.message(field.messageType!), value, at, pgv, false);
  }

  private enumValue(enumeration: EnumPlan, value: unknown, at: Cursor): void {
    if (typeof value === 'string') {
      if (enumeration.values[value] === undefined) at.report('type.enum', `${JSON.stringify(value)} is not a value of ${enumeration.name}`);
      if (enumeration.disallowed.has(value)) at.report('envoy.disallowed_by_default', `${value} is deprecated and disallowed by default: Envoy refuses it`);
      else if (enumeration.deprecated?.[value]) at.report('envoy.deprecated', `${value} is deprecated`);
    } else {
      const issue = scalarTypeIssue('int32', value);
      if (issue) at.report('type.enum', `${enumeration.name}: ${issue}`);
    }
  }
}
