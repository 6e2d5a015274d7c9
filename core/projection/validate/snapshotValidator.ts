// Envoy's two gates, for one snapshot: its .proto files' validate.rules and
// types (messageWalk.ts), then the checks its C++ makes as it loads a config
// (envoyChecks/). One violation makes Envoy NACK the whole resource type for
// that proxy, so a snapshot with any is never published. What each resource
// shows on its own is remembered by content (resourceFindings.ts); what needs
// the whole snapshot is checked per snapshot.
import descriptorJson from '../../../proxy-agent/xds/envoyDescriptor.json' with { type: 'json' };
import type { ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { resourceName } from '../compile/envoyConfig.js';
import type { ResourceType } from '../envoy/typeUrls.js';
import { resourceTypes, typeUrls } from '../envoy/typeUrls.js';
import type { Snapshot } from '../snapshot.js';
import { duplicateNames } from './envoyChecks/duplicateNames.js';
import { duplicateAddress } from './envoyChecks/listenerChecks.js';
import type { Referenced } from './envoyChecks/references.js';
import { missingReference } from './envoyChecks/references.js';
import rulesJson from './envoyRules.json' with { type: 'json' };
import type { RulesDescriptor } from './envoyRules.js';
import { MessageWalk } from './messageWalk.js';
import type { RegexEngine } from './regexEngine.js';
import { cachedCompiler, jsRegexEngine } from './regexEngine.js';
import type { ResourceFindings } from './resourceFindings.js';
import { resourceFindings } from './resourceFindings.js';
import type { Finding, Violation } from './violation.js';

const descriptor = descriptorJson as unknown as ProtoDescriptor;
const rules = rulesJson as unknown as RulesDescriptor;
const typeNames = Object.fromEntries(resourceTypes.map((type) => [type, typeUrls[type].slice(typeUrls[type].lastIndexOf('/') + 1)])) as Record<ResourceType, string>;

export type SnapshotValidator = (snapshot: Snapshot) => Violation[];

export interface ValidatorOptions {
  /** How many resources' findings to remember by content (default 50,000; 0 remembers none). */
  readonly memoEntries?: number;
}

/**
 * A validator using `regex` for Envoy's safe_regex (RE2: see re2Engine.ts);
 * without one, that check is skipped and PGV's own `pattern`s use RegExp.
 */
export function snapshotValidator(regex?: RegexEngine, options: ValidatorOptions = {}): SnapshotValidator {
  const re2 = regex ? cachedCompiler(regex) : undefined;
  const walk = new MessageWalk(descriptor, rules, re2 ?? cachedCompiler(jsRegexEngine), re2);
  const findingsOf = resourceFindings(walk, options.memoEntries ?? 50_000);
  return (snapshot) => {
    const violations: Violation[] = [];
    const place = (resourceType: ResourceType, resource: string, findings: readonly Finding[]) => {
      for (const f of findings) violations.push({ node: snapshot.node, resourceType, resource, path: f.path, rule: f.rule, message: f.message });
    };
    const found = {} as Record<ResourceType, { name: string; findings: ResourceFindings }[]>;
    for (const resourceType of resourceTypes) {
      const list: { name: string; findings: ResourceFindings }[] = (found[resourceType] = []);
      for (const resource of snapshot.resources[resourceType] ?? []) {
        const name = resourceName(resource);
        const findings = findingsOf(typeNames[resourceType], resourceType, resource, name);
        list.push({ name, findings });
        place(resourceType, name, findings.walk);
      }
    }
    for (const f of duplicateNames(snapshot)) violations.push({ node: snapshot.node, ...f });
    // Envoy's C++ checks, in the order of envoyChecks/: listeners, route configurations, clusters, then references.
    const bound = new Map<string, string>();
    for (const { name, findings } of found.listener) {
      const address = findings.address;
      if (address !== undefined) {
        const other = bound.get(address);
        if (other !== undefined) place('listener', name, [duplicateAddress(name, address, other)]);
        else bound.set(address, name);
      }
      place('listener', name, findings.checks);
    }
    for (const { name, findings } of found.route) place('route', name, findings.checks);
    for (const { name, findings } of found.listener) place('listener', name, findings.inlineRoutes);
    for (const { name, findings } of found.cluster) place('cluster', name, findings.checks);
    const defined = {} as Record<Referenced, Set<string>>;
    for (const type of ['cluster', 'route', 'endpoint', 'secret'] as const) defined[type] = new Set(found[type].map((r) => r.name));
    for (const type of ['listener', 'route', 'cluster'] as const) {
      for (const { name, findings } of found[type]) {
        for (const reference of findings.references) if (!defined[reference.type].has(reference.name)) place(type, name, [missingReference(reference, name)]);
      }
    }
    return violations;
  };
}
