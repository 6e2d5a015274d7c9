// What Envoy's listener manager and filter-chain manager refuse: two listeners
// bound to one address, two filter chains with the same match, a terminal
// network filter that is not last, and an HTTP filter chain whose router is
// missing, repeated or not last.
import { anyTypes } from '../../envoy/typeUrls.js';
import { canonicalJson } from '../../snapshot.js';
import type { Finding } from '../violation.js';
import type { Json } from './check.js';
import { isObject, objects } from './check.js';

const terminalNetworkFilters = new Set([anyTypes.httpConnectionManager, anyTypes.tcpProxy]);

/** What Envoy's filter-chain manager refuses in this one listener (its address is checked against the others by the caller). */
export function listenerFindings(listener: Json): Finding[] {
  const out: Finding[] = [];
  const report = (path: string, rule: string, message: string) => out.push({ path, rule, message });
  const matches = new Map<string, number>();
  const names = new Set<string>();
  objects(listener['filterChains']).forEach((chain, i) => {
    const match = canonicalJson(isObject(chain['filterChainMatch']) ? chain['filterChainMatch'] : {});
    const first = matches.get(match);
    if (first !== undefined) report(`filterChains[${i}].filterChainMatch`, 'envoy.duplicate_filter_chain_match', `filter chains ${first} and ${i} have the same matching rules`);
    else matches.set(match, i);
    if (typeof chain['name'] === 'string' && chain['name'] !== '') {
      if (names.has(chain['name'])) report(`filterChains[${i}].name`, 'envoy.duplicate_filter_chain_name', `filter chain name '${chain['name']}' is used twice`);
      names.add(chain['name']);
    }
    networkFilterChecks(chain, `filterChains[${i}]`, report);
  });
  if (isObject(listener['defaultFilterChain'])) networkFilterChecks(listener['defaultFilterChain'], 'defaultFilterChain', report);
  const api = listener['apiListener'];
  if (isObject(api) && isObject(api['apiListener'])) httpFilterChecks(api['apiListener'], 'apiListener.apiListener', report);
  return out;
}

/** Two listeners bound to one address: `other` is the listener that has it already. */
export function duplicateAddress(resource: string, address: string, other: string): Finding {
  return { path: 'address', rule: 'envoy.duplicate_listener_address', message: `listener '${resource}' has the address ${address} of listener '${other}'` };
}

/** `ip:port/protocol` of a listener that binds a socket; API listeners and `bindToPort: false` bind none. */
export function boundAddress(listener: Json): string | undefined {
  if (listener['apiListener'] !== undefined) return undefined;
  if (isObject(listener['bindToPort']) && listener['bindToPort']['value'] !== true) return undefined;
  const socket = isObject(listener['address']) ? listener['address']['socketAddress'] : undefined;
  if (!isObject(socket)) return undefined;
  return `${String(socket['address'] ?? '')}:${String(socket['portValue'] ?? socket['namedPort'] ?? 0)}/${String(socket['protocol'] ?? 'TCP')}`;
}

function networkFilterChecks(chain: Json, path: string, report: (path: string, rule: string, message: string) => void): void {
  const filters = objects(chain['filters']);
  filters.forEach((filter, i) => {
    const config = isObject(filter['typedConfig']) ? filter['typedConfig'] : undefined;
    const type = config?.['@type'];
    const at = `${path}.filters[${i}]`;
    if (typeof type === 'string' && terminalNetworkFilters.has(type as never) && i !== filters.length - 1) {
      report(at, 'envoy.terminal_filter_not_last', `terminal filter '${String(filter['name'])}' must be the last network filter`);
    }
    if (config && type === anyTypes.httpConnectionManager) httpFilterChecks(config, `${at}.typedConfig`, report);
  });
}

/** Envoy's HCM: the router is terminal, so it must be last, and the last filter must be terminal. */
function httpFilterChecks(hcm: Json, path: string, report: (path: string, rule: string, message: string) => void): void {
  const filters = objects(hcm['httpFilters']);
  const isRouter = (f: Json) => isObject(f['typedConfig']) && f['typedConfig']['@type'] === anyTypes.router;
  const routers = filters.map((f, i) => (isRouter(f) ? i : -1)).filter((i) => i >= 0);
  if (routers.length === 0) report(`${path}.httpFilters`, 'envoy.router_filter_missing', 'the HTTP filter chain has no router filter');
  for (const i of routers) if (i !== filters.length - 1) report(`${path}.httpFilters[${i}]`, 'envoy.router_filter_not_last', 'the router filter is terminal and must be the last HTTP filter (and appear once)');
}
