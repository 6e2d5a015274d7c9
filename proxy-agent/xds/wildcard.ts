import { typeUrls } from '../../core/projection/envoy/typeUrls.js';

// Only listeners and clusters have a wildcard: Envoy asks for all of them, and learns route and endpoint names from them.
const wildcardTypes = new Set<string>([typeUrls.listener, typeUrls.cluster]);

/**
 * Whether a subscription means "everything for this node": an explicit '*',
 * or, for listeners and clusters, a client that has never named a resource
 * (the legacy wildcard, which ends once it names one).
 */
export function isWildcard(typeUrl: string, names: ReadonlySet<string>, explicit: boolean): boolean {
  return names.has('*') || (!explicit && wildcardTypes.has(typeUrl));
}
