// State-of-the-world ADS: every response carries the whole requested set of
// its type, and the request's resource_names replace the subscription.
import type { DiscoveryRequest, DiscoveryResponse } from './discoveryService.js';
import type { EncodedResource } from './encodedSnapshot.js';
import { isWildcard } from './wildcard.js';
import type { TypeState, XdsProtocol } from './xdsSession.js';

interface SotwState extends TypeState {
  names: ReadonlySet<string>;
  /** The client has named resources at least once, which ends the legacy wildcard. */
  explicit: boolean;
  /** Names and versions of the latest response, to never resend an unchanged set. */
  sentKey?: string;
  /** The subscription the latest response answered. */
  sent: { names: ReadonlySet<string>; wildcard: boolean };
}

interface SotwOut {
  version: string;
  key: string;
  resources: EncodedResource[];
  wildcard: boolean;
}

export const sotwProtocol: XdsProtocol<DiscoveryRequest, DiscoveryResponse, SotwState, SotwOut> = {
  name: 'sotw',
  dropsStaleRequests: true,

  newState: (typeUrl) => ({ typeUrl, awaiting: false, names: new Set(), explicit: false, sent: { names: new Set(), wildcard: false } }),

  subscribe(state, request) {
    state.names = new Set(request.resourceNames);
    if (state.names.size) state.explicit = true;
  },

  next(state, type) {
    const wildcard = isWildcard(state.typeUrl, state.names, state.explicit);
    const resources = wildcard ? [...type.byName.values()].filter((r) => !r.namedOnly) : [...state.names].flatMap((n) => type.byName.get(n) ?? []);
    resources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = resources.map((r) => `${r.name} ${r.version}`).join('\n');
    // A newly requested name is answered even if nothing changed (it may not exist): the spec says so.
    const grew = (wildcard && !state.sent.wildcard) || [...state.names].some((n) => !state.sent.names.has(n));
    if (key === state.sentKey && !grew) return undefined;
    return { version: type.version, key, resources, wildcard };
  },

  commit(state, out) {
    state.sentKey = out.key;
    state.sent = { names: state.names, wildcard: out.wildcard };
  },

  message: (out, typeUrl, nonce) => ({ versionInfo: out.version, resources: out.resources.map((r) => r.any), typeUrl, nonce }),
};
