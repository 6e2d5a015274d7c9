// Incremental (delta) ADS: responses carry only the resources whose version
// the client does not have, and names of those it must drop.
import type { DeltaDiscoveryRequest, DeltaDiscoveryResponse } from './discoveryService.js';
import type { EncodedResource } from './encodedSnapshot.js';
import { isWildcard } from './wildcard.js';
import type { TypeState, XdsProtocol } from './xdsSession.js';

interface DeltaState extends TypeState {
  readonly names: Set<string>;
  /** The client has subscribed to a name at least once, which ends the legacy wildcard. */
  explicit: boolean;
  /** What the client holds, name to version: initial_resource_versions, then whatever was sent. */
  readonly known: Map<string, string>;
  /** Newly subscribed names, told once that they do not exist if they do not. */
  readonly asked: Set<string>;
  started: boolean;
}

interface DeltaOut {
  version: string;
  resources: EncodedResource[];
  removed: string[];
}

export const deltaProtocol: XdsProtocol<DeltaDiscoveryRequest, DeltaDiscoveryResponse, DeltaState, DeltaOut> = {
  name: 'delta',
  dropsStaleRequests: false,

  newState: (typeUrl) => ({ typeUrl, awaiting: false, names: new Set(), explicit: false, known: new Map(), asked: new Set(), started: false }),

  subscribe(state, request) {
    if (!state.started) {
      // Only the first request of a stream says what the client kept from an earlier one.
      for (const [name, version] of Object.entries(request.initialResourceVersions)) state.known.set(name, version);
      state.started = true;
    }
    for (const name of request.resourceNamesSubscribe) {
      state.names.add(name);
      state.explicit = true;
      if (name !== '*') state.asked.add(name);
    }
    for (const name of request.resourceNamesUnsubscribe) {
      state.names.delete(name);
      state.asked.delete(name);
      // The client drops what it unsubscribed from; leaving '*' drops all it had only through the wildcard.
      if (name !== '*') state.known.delete(name);
      else for (const held of state.known.keys()) if (!state.names.has(held)) state.known.delete(held);
    }
  },

  next(state, type) {
    const wildcard = isWildcard(state.typeUrl, state.names, state.explicit);
    const resources = [...type.byName.values()]
      .filter((r) => ((wildcard && !r.namedOnly) || state.names.has(r.name)) && state.known.get(r.name) !== r.version)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const gone = [...state.known.keys(), ...state.asked].filter((name) => !type.byName.has(name));
    const removed = [...new Set(gone)].sort();
    // A first wildcard request is answered even when empty: Envoy waits for it to finish initializing.
    const firstWildcard = wildcard && state.nonce === undefined;
    if (!resources.length && !removed.length && !firstWildcard) {
      state.asked.clear();
      return undefined;
    }
    return { version: type.version, resources, removed };
  },

  commit(state, out) {
    for (const r of out.resources) state.known.set(r.name, r.version);
    for (const name of out.removed) state.known.delete(name);
    state.asked.clear();
  },

  message: (out, typeUrl, nonce) => ({
    systemVersionInfo: out.version,
    resources: out.resources.map((r) => ({ name: r.name, version: r.version, resource: r.any })),
    typeUrl,
    removedResources: out.removed,
    nonce,
  }),
};
