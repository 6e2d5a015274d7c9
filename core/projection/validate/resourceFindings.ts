// Everything the validator finds in one resource on its own: its walk
// against Envoy's types and rules, the C++ checks that look at it alone, what
// it references and the address it binds. All of it follows from the
// resource's content, so it is worked out once per content and remembered:
// the proxies of a mesh share most of their clusters and many listeners.
// What needs the whole snapshot (duplicate names and addresses, whether a
// reference is defined) is left to snapshotValidator.ts.
import type { EnvoyResource } from '../compile/envoyConfig.js';
import type { ResourceType } from '../envoy/typeUrls.js';
import { clusterFindings } from './envoyChecks/clusterChecks.js';
import { boundAddress, listenerFindings } from './envoyChecks/listenerChecks.js';
import type { Reference } from './envoyChecks/references.js';
import { referencesOf } from './envoyChecks/references.js';
import { inlineRouteConfigFindings, routeConfigFindings } from './envoyChecks/routeChecks.js';
import type { MessageWalk } from './messageWalk.js';
import type { Finding } from './violation.js';

export interface ResourceFindings {
  /** Against the types and PGV rules (messageWalk.ts). */
  readonly walk: readonly Finding[];
  /** The type's own C++ checks (listenerChecks, routeChecks, clusterChecks). */
  readonly checks: readonly Finding[];
  /** A listener's inline route configurations, checked as route configurations. */
  readonly inlineRoutes: readonly Finding[];
  readonly references: readonly Reference[];
  /** A listener's `ip:port/protocol`, when it binds one. */
  readonly address: string | undefined;
}

const none: readonly Finding[] = [];

function findingsOf(walk: MessageWalk, typeName: string, resourceType: ResourceType, resource: EnvoyResource, name: string): ResourceFindings {
  const walked: Finding[] = [];
  walk.resource(typeName, resource, walked);
  const listener = resourceType === 'listener';
  return {
    walk: walked,
    checks: listener ? listenerFindings(resource) : resourceType === 'route' ? routeConfigFindings(resource) : resourceType === 'cluster' ? clusterFindings(resource) : none,
    inlineRoutes: listener ? inlineRouteConfigFindings(resource) : none,
    references: referencesOf(resourceType, resource, name),
    address: listener ? boundAddress(resource) : undefined,
  };
}

/**
 * The memo's key: the resource's JSON, which is what is stored and served
 * (dynamoProjectionStore.ts). JSON drops a field holding undefined, as the
 * validator ignores it; but it writes NaN, Infinity, a hole and an undefined
 * list item as null, and a typed array as an object, where the validator
 * tells them apart: a resource whose JSON holds `null` or `{"0":` anywhere (a
 * string included, which only costs a walk) is not remembered.
 */
function keyOf(resource: EnvoyResource): string | undefined {
  let json: string;
  try {
    json = JSON.stringify(resource);
  } catch {
    return undefined;
  }
  return json.includes('null') || json.includes('{"0":') ? undefined : json;
}

/** Remembered keys are whole JSON texts: past this many characters in all (about 64 MB), the memo starts again. */
const maxKeyChars = 32_000_000;

/** Per-resource findings, remembered by content for up to `entries` resources (0: not at all). */
export function resourceFindings(walk: MessageWalk, entries: number) {
  const memo = new Map<string, ResourceFindings>();
  let chars = 0;
  return (typeName: string, resourceType: ResourceType, resource: EnvoyResource, name: string): ResourceFindings => {
    const json = entries > 0 ? keyOf(resource) : undefined;
    if (json === undefined) return findingsOf(walk, typeName, resourceType, resource, name);
    const key = `${resourceType} ${json}`;
    let found = memo.get(key);
    if (!found) {
      found = findingsOf(walk, typeName, resourceType, resource, name);
      if (memo.size >= entries || chars + key.length > maxKeyChars) {
        memo.clear();
        chars = 0;
      }
      memo.set(key, found);
      chars += key.length;
    }
    return found;
  };
}
