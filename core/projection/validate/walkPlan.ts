// What the walk needs to know about each message type, worked out once per
// type from the descriptor and the rules rather than looked up per field:
// each field's type (scalar, enum or message, and which), its deprecation,
// whether PGV skips it, and its rules compiled (rulePredicates.ts).
import type { FieldDescriptor, ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import type { FieldRules, RulesDescriptor } from './envoyRules.js';
import type { Passes } from './rulePredicates.js';
import { rulePredicate } from './rulePredicates.js';
import type { Compile } from './stringRules.js';

/** Types the walk handles beyond their fields. */
export type Special = 'none' | 'any' | 'duration' | 'timestamp' | 'regex';

export interface EnumPlan {
  readonly name: string;
  readonly values: Readonly<Record<string, number>>;
  readonly disallowed: ReadonlySet<string>;
  readonly deprecated: Readonly<Record<string, string | true>> | undefined;
}

export interface FieldPlan {
  readonly name: string;
  readonly field: FieldDescriptor;
  /** Set for a scalar field: its type ('string', 'uint32', ...). */
  readonly scalar: string | undefined;
  readonly enumeration: EnumPlan | undefined;
  /** Set for a message field: its full name (the plan is made when first needed, as types nest and recurse). */
  readonly messageType: string | undefined;
  /** The deprecation finding's rule and message, when the field is deprecated. */
  readonly deprecation: { readonly rule: string; readonly message: string } | undefined;
  /** PGV's `message.skip`: nothing below this field is checked against PGV rules. */
  readonly skip: boolean;
}

export interface RuleField {
  readonly name: string;
  readonly field: FieldDescriptor;
  readonly rules: FieldRules;
  readonly passes: Passes;
}

export interface MessagePlan {
  readonly typeName: string;
  readonly special: Special;
  /** False when the descriptor lacks the type (reported wherever it is used). */
  readonly known: boolean;
  readonly fields: ReadonlyMap<string, FieldPlan>;
  readonly oneofs: readonly (readonly [string, readonly string[]])[];
  /** Whether PGV checks this type at all (it has rules, and they are not disabled). */
  readonly pgv: boolean;
  readonly requiredOneofs: readonly (readonly [string, readonly string[]])[];
  readonly ruleFields: readonly RuleField[];
}

const specials: Readonly<Record<string, Special>> = {
  'google.protobuf.Any': 'any',
  'google.protobuf.Duration': 'duration',
  'google.protobuf.Timestamp': 'timestamp',
  'envoy.type.matcher.v3.RegexMatcher': 'regex',
};

export class WalkPlans {
  private readonly messagePlans = new Map<string, MessagePlan>();
  private readonly enumPlans = new Map<string, EnumPlan | undefined>();

  constructor(
    private readonly descriptor: ProtoDescriptor,
    private readonly rules: RulesDescriptor,
    private readonly compile: Compile,
  ) {}

  message(typeName: string): MessagePlan {
    let plan = this.messagePlans.get(typeName);
    if (!plan) {
      plan = this.build(typeName);
      this.messagePlans.set(typeName, plan);
    }
    return plan;
  }

  private build(typeName: string): MessagePlan {
    const special = specials[typeName] ?? 'none';
    const message = this.descriptor.messages[typeName];
    if (!message) return { typeName, special, known: false, fields: new Map(), oneofs: [], pgv: false, requiredOneofs: [], ruleFields: [] };
    const rules = this.rules.messages[typeName];
    const fields = new Map<string, FieldPlan>();
    for (const [name, field] of Object.entries(message.fields)) fields.set(name, this.field(name, field, rules?.fields?.[name]));
    const ruleFields: RuleField[] = [];
    for (const [name, fieldRules] of Object.entries(rules?.fields ?? {})) {
      const field = message.fields[name];
      if (field && fieldRules.rules) ruleFields.push({ name, field, rules: fieldRules, passes: rulePredicate(this.descriptor, field, fieldRules, this.compile) });
    }
    return {
      typeName, special, known: true, fields,
      oneofs: Object.entries(message.oneofs ?? {}),
      pgv: rules !== undefined && !rules.disabled,
      requiredOneofs: Object.entries(rules?.requiredOneofs ?? {}),
      ruleFields,
    };
  }

  private field(name: string, field: FieldDescriptor, rules: FieldRules | undefined): FieldPlan {
    let deprecation: FieldPlan['deprecation'];
    if (rules?.deprecated) {
      const since = rules.deprecated === true ? '' : ` since ${rules.deprecated}`;
      deprecation = rules.disallowed
        ? { rule: 'envoy.disallowed_by_default', message: `${name} is deprecated${since} and disallowed by default: Envoy refuses it` }
        : { rule: 'envoy.deprecated', message: `${name} is deprecated${since}` };
    }
    const skip = rules?.rules !== undefined && (rules.rules['message'] as Record<string, unknown> | undefined)?.['skip'] === true;
    const scalar = field.type.charCodeAt(0) !== 46 /* '.' */ ? field.type : undefined;
    const enumeration = scalar === undefined ? this.enumeration(field.type.slice(1)) : undefined;
    const messageType = scalar === undefined && !enumeration ? field.type.slice(1) : undefined;
    return { name, field, scalar, enumeration, messageType, deprecation, skip };
  }

  private enumeration(name: string): EnumPlan | undefined {
    if (this.enumPlans.has(name)) return this.enumPlans.get(name);
    const enumeration = this.descriptor.enums[name];
    const rules = this.rules.enums[name];
    const plan = enumeration ? { name, values: enumeration.values, disallowed: new Set(rules?.disallowed ?? []), deprecated: rules?.deprecated } : undefined;
    this.enumPlans.set(name, plan);
    return plan;
  }
}
