// Envoy's two gates, for one snapshot: its .proto files' validate.rules and
// types (messageWalk.ts), then the checks its C++ makes as it loads a config
// (envoyChecks/). One violation makes Envoy NACK the whole resource type for
// that proxy, so a snapshot with any is never published.
import descriptorJson from '../../../proxy-agent/xds/envoyDescriptor.json' with { type: 'json' };
import type { ProtoDescriptor } from '../../../proxy-agent/xds/protoDescriptor.js';
import { resourceName } from '../compile/envoyConfig.js';
import { resourceTypes, typeUrls } from '../envoy/typeUrls.js';
import type { Snapshot } from '../snapshot.js';
import type { CheckContext, PlacedFinding } from './envoyChecks/check.js';
import { clusterChecks } from './envoyChecks/clusterChecks.js';
import { duplicateNames } from './envoyChecks/duplicateNames.js';
import { listenerChecks } from './envoyChecks/listenerChecks.js';
import { referenceChecks } from './envoyChecks/references.js';
import { routeChecks } from './envoyChecks/routeChecks.js';
import rulesJson from './envoyRules.json' with { type: 'json' };
import type { RulesDescriptor } from './envoyRules.js';
import { MessageWalk } from './messageWalk.js';
import type { RegexEngine } from './regexEngine.js';
import { cachedCompiler, jsRegexEngine } from './regexEngine.js';
import type { Finding, Violation } from './violation.js';

const descriptor = descriptorJson as unknown as ProtoDescriptor;
const rules = rulesJson as unknown as RulesDescriptor;

const envoyChecks: readonly ((context: CheckContext) => PlacedFinding[])[] = [duplicateNames, listenerChecks, routeChecks, clusterChecks, referenceChecks];

export type SnapshotValidator = (snapshot: Snapshot) => Violation[];

/**
 * A validator using `regex` for Envoy's safe_regex (RE2: see re2Engine.ts);
 * without one, that check is skipped and PGV's own `pattern`s use RegExp.
 */
export function snapshotValidator(regex?: RegexEngine): SnapshotValidator {
  const re2 = regex ? cachedCompiler(regex) : undefined;
  const walk = new MessageWalk(descriptor, rules, re2 ?? cachedCompiler(jsRegexEngine), re2);
  return (snapshot) => {
    const violations: Violation[] = [];
    for (const resourceType of resourceTypes) {
      const typeName = typeUrls[resourceType].slice(typeUrls[resourceType].lastIndexOf('/') + 1);
      for (const resource of snapshot.resources[resourceType] ?? []) {
        const findings: Finding[] = [];
        walk.resource(typeName, resource, findings);
        const name = resourceName(resource);
        for (const f of findings) violations.push({ node: snapshot.node, resourceType, resource: name, ...f });
      }
    }
    const context: CheckContext = { snapshot, re2 };
    for (const check of envoyChecks) for (const f of check(context)) violations.push({ node: snapshot.node, ...f });
    return violations;
  };
}
