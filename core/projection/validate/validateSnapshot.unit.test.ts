// The validator over what Weft compiles: every golden snapshot passes, and
// each kind of fault, injected into a real golden resource, is caught with
// its rule and field path. A validator that caught nothing would fail here.
import { describe, expect, it } from 'vitest';
import type { EnvoyResource } from '../compile/envoyConfig.js';
import type { ResourceType } from '../envoy/typeUrls.js';
import type { Snapshot } from '../snapshot.js';
import { goldenSnapshots } from '../../../test/projection/goldenFiles.js';
import { re2Engine } from './re2Engine.js';
import { snapshotValidator } from './snapshotValidator.js';
import { formatViolation, validateSnapshot } from './validateSnapshot.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const goldens = goldenSnapshots();

/** A copy of the first golden snapshot holding a `type` resource that `pick` accepts, and that resource (in the copy). */
function golden(type: ResourceType, pick: (r: Json) => boolean): { snapshot: Snapshot; resource: Json; name: string } {
  for (const original of goldens) {
    const index = original.resources[type].findIndex((r) => pick(r as Json));
    if (index < 0) continue;
    const snapshot = structuredClone(original) as Snapshot;
    const resource = snapshot.resources[type][index] as Json;
    return { snapshot, resource, name: String(resource['name'] ?? resource['clusterName']) };
  }
  throw new Error(`no golden has a ${type} resource like that`);
}

const has = (path: (r: Json) => unknown) => (r: Json) => {
  try {
    return path(r) !== undefined;
  } catch {
    return false;
  }
};

const hcmOf = (listener: Json) => listener['filterChains'].map((c: Json) => c['filters'][0]).find((f: Json) => f['typedConfig']['httpFilters'])?.['typedConfig'];
const firstRoute = (rc: Json) => rc['virtualHosts'][0]['routes'][0];

interface Fault {
  readonly what: string;
  readonly type: ResourceType;
  readonly pick: (r: Json) => boolean;
  readonly inject: (r: Json, snapshot: Snapshot) => void;
  readonly rule: string;
  readonly path: string | ((r: Json) => string);
}

const faults: Fault[] = [
  // The inputs the compiler was seen to turn into resources Envoy would NACK.
  { what: 'outlier detection interval of 0', type: 'cluster', pick: has((c) => c['outlierDetection']), inject: (c) => { c['outlierDetection']['interval'] = {}; }, rule: 'duration.gt', path: 'outlierDetection.interval' },
  { what: 'outlier detection base ejection time of 0', type: 'cluster', pick: has((c) => c['outlierDetection']), inject: (c) => { c['outlierDetection']['baseEjectionTime'] = {}; }, rule: 'duration.gt', path: 'outlierDetection.baseEjectionTime' },
  { what: 'a query parameter matcher named ""', type: 'route', pick: has((rc) => rc['virtualHosts'].find((h: Json) => h['routes'].find((r: Json) => r['match']['queryParameters']))), inject: (rc) => { queryRoute(rc)['match']['queryParameters'][0]['name'] = ''; }, rule: 'string.min_len', path: (rc) => `${queryRoutePath(rc)}.match.queryParameters[0].name` },
  { what: 'a TLS SDS secret named ""', type: 'cluster', pick: has((c) => c['transportSocket']['typedConfig']['commonTlsContext']['tlsCertificateSdsSecretConfigs'][0]), inject: (c) => { c['transportSocket']['typedConfig']['commonTlsContext']['tlsCertificateSdsSecretConfigs'][0]['name'] = ''; }, rule: 'string.min_len', path: 'transportSocket.typedConfig.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name' },
  { what: 'a DNS cluster address of ""', type: 'cluster', pick: (c) => c['type'] === 'STRICT_DNS' || c['type'] === 'LOGICAL_DNS', inject: (c) => { c['loadAssignment']['endpoints'][0]['lbEndpoints'][0]['endpoint']['address']['socketAddress']['address'] = ''; }, rule: 'string.min_len', path: 'loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.address' },
  { what: 'a route timeout of 1e12 s', type: 'route', pick: has((rc) => firstRoute(rc)['route']['timeout']), inject: (rc) => { firstRoute(rc)['route']['timeout'] = { seconds: 1e12 }; }, rule: 'type.duration', path: 'virtualHosts[0].routes[0].route.timeout' },
  { what: 'a route timeout beyond Envoy’s int64 milliseconds', type: 'route', pick: has((rc) => firstRoute(rc)['route']['timeout']), inject: (rc) => { firstRoute(rc)['route']['timeout'] = { seconds: 1e10 }; }, rule: 'envoy.duration_range', path: 'virtualHosts[0].routes[0].route.timeout' },
  { what: 'a negative duration', type: 'cluster', pick: has((c) => c['connectTimeout']), inject: (c) => { c['connectTimeout'] = { seconds: -1 }; }, rule: 'envoy.duration_negative', path: 'connectTimeout' },
  { what: 'two virtual hosts whose domains differ only in case', type: 'route', pick: (rc) => rc['virtualHosts'].length >= 2, inject: (rc) => { rc['virtualHosts'][1]['domains'].push(rc['virtualHosts'][0]['domains'][0] === '*' ? 'Example.COM' : rc['virtualHosts'][0]['domains'][0].toUpperCase()); if (rc['virtualHosts'][0]['domains'][0] === '*') rc['virtualHosts'][0]['domains'].push('example.com'); }, rule: 'envoy.duplicate_domain', path: (rc) => `virtualHosts[1].domains[${rc['virtualHosts'][1]['domains'].length - 1}]` },
  { what: 'a second "*" domain', type: 'route', pick: (rc) => rc['virtualHosts'].length >= 2 && rc['virtualHosts'][0]['domains'].includes('*') === false, inject: (rc) => { rc['virtualHosts'][0]['domains'].push('*'); rc['virtualHosts'][1]['domains'].push('*'); }, rule: 'envoy.duplicate_wildcard_domain', path: (rc) => `virtualHosts[1].domains[${rc['virtualHosts'][1]['domains'].length - 1}]` },
  { what: 'a regex with look-ahead', type: 'route', pick: has((rc) => JSON.stringify(rc).includes('"safeRegex"') || undefined), inject: (rc) => { regexOf(rc)['regex'] = 'a(?=b)'; }, rule: 'envoy.regex_re2', path: (rc) => `${regexPath(rc)}.regex` },
  { what: 'a regex with a back-reference', type: 'route', pick: has((rc) => JSON.stringify(rc).includes('"safeRegex"') || undefined), inject: (rc) => { regexOf(rc)['regex'] = '(a)\\1'; }, rule: 'envoy.regex_re2', path: (rc) => `${regexPath(rc)}.regex` },
  { what: 'num_retries of 5e9 (over uint32)', type: 'route', pick: has((rc) => firstRoute(rc)['route']['retryPolicy']['numRetries']), inject: (rc) => { firstRoute(rc)['route']['retryPolicy']['numRetries'] = { value: 5e9 }; }, rule: 'type.uint32', path: 'virtualHosts[0].routes[0].route.retryPolicy.numRetries.value' },
  { what: 'circuit-breaker max_connections of 4294967297', type: 'cluster', pick: has((c) => c['circuitBreakers']['thresholds'][0]), inject: (c) => { c['circuitBreakers']['thresholds'][0]['maxConnections'] = { value: 4294967297 }; }, rule: 'type.uint32', path: 'circuitBreakers.thresholds[0].maxConnections.value' },
  // Each PGV rule kind, and the type checks.
  { what: 'a required message missing (route match)', type: 'route', pick: has((rc) => firstRoute(rc)), inject: (rc) => { delete firstRoute(rc)['match']; }, rule: 'message.required', path: 'virtualHosts[0].routes[0].match' },
  { what: 'a required oneof unset (route action)', type: 'route', pick: has((rc) => firstRoute(rc)['route']), inject: (rc) => { delete firstRoute(rc)['route']; }, rule: 'oneof.required', path: 'virtualHosts[0].routes[0].action' },
  { what: 'two members of one oneof', type: 'route', pick: has((rc) => firstRoute(rc)['match']['prefix']), inject: (rc) => { firstRoute(rc)['match']['path'] = '/x'; }, rule: 'type.oneof', path: 'virtualHosts[0].routes[0].match' },
  { what: 'a string under min_len (stat prefix)', type: 'listener', pick: has((l) => hcmOf(l)), inject: (l) => { hcmOf(l)['statPrefix'] = ''; }, rule: 'string.min_len', path: (l) => `${hcmPath(l)}.statPrefix` },
  { what: 'an unset string with min_len (a DNS address left out)', type: 'cluster', pick: (c) => c['type'] === 'STRICT_DNS' || c['type'] === 'LOGICAL_DNS', inject: (c) => { delete c['loadAssignment']['endpoints'][0]['lbEndpoints'][0]['endpoint']['address']['socketAddress']['address']; }, rule: 'string.min_len', path: 'loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.address' },
  { what: 'a string breaking its pattern (path_separated_prefix ending in /)', type: 'route', pick: has((rc) => firstRoute(rc)['match']['prefix']), inject: (rc) => { const m = firstRoute(rc)['match']; delete m['prefix']; m['pathSeparatedPrefix'] = '/api/'; }, rule: 'string.pattern', path: 'virtualHosts[0].routes[0].match.pathSeparatedPrefix' },
  { what: 'a header name with a NUL (well_known_regex, not strict)', type: 'route', pick: has((rc) => firstRoute(rc)), inject: (rc) => { firstRoute(rc)['requestHeadersToAdd'] = [{ header: { key: 'x-a\u0000b', value: 'v' } }]; }, rule: 'string.well_known_regex', path: 'virtualHosts[0].routes[0].requestHeadersToAdd[0].header.key' },
  { what: 'a domain with a newline (repeated.items)', type: 'route', pick: has((rc) => rc['virtualHosts'][0]), inject: (rc) => { rc['virtualHosts'][0]['domains'][0] = 'a\nb'; }, rule: 'string.well_known_regex', path: 'virtualHosts[0].domains[0]' },
  { what: 'a port over 65535 (uint32.lte)', type: 'listener', pick: has((l) => l['address']['socketAddress']), inject: (l) => { l['address']['socketAddress']['portValue'] = 70000; }, rule: 'uint32.lte', path: 'address.socketAddress.portValue' },
  { what: 'an undefined enum number (enum.defined_only)', type: 'cluster', pick: (c) => typeof c['type'] === 'string', inject: (c) => { c['type'] = 99; }, rule: 'enum.defined_only', path: 'type' },
  { what: 'an enum name the type lacks', type: 'cluster', pick: (c) => typeof c['lbPolicy'] === 'string', inject: (c) => { c['lbPolicy'] = 'FASTEST'; }, rule: 'type.enum', path: 'lbPolicy' },
  { what: 'an empty list with min_items (domains)', type: 'route', pick: has((rc) => rc['virtualHosts'][0]), inject: (rc) => { rc['virtualHosts'][0]['domains'] = []; }, rule: 'repeated.min_items', path: 'virtualHosts[0].domains' },
  { what: 'a list item outside `in` (access-log response flags)', type: 'listener', pick: has((l) => hcmOf(l)), inject: (l) => { hcmOf(l)['accessLog'] = [{ name: 'log', filter: { responseFlagFilter: { flags: ['XX'] } }, typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/dev/stdout' } }]; }, rule: 'string.in', path: (l) => `${hcmPath(l)}.accessLog[0].filter.responseFlagFilter.flags[0]` },
  { what: 'a map key under min_len (metadata)', type: 'cluster', pick: () => true, inject: (c) => { c['metadata'] = { filterMetadata: { '': {} } }; }, rule: 'string.min_len', path: 'metadata.filterMetadata[""]' },
  { what: 'a double over its lte (percent)', type: 'cluster', pick: has((c) => c['commonLbConfig'] ?? {}), inject: (c) => { c['commonLbConfig'] = { ...(c['commonLbConfig'] ?? {}), healthyPanicThreshold: { value: 150 } }; }, rule: 'double.gte_lte', path: 'commonLbConfig.healthyPanicThreshold.value' },
  { what: 'a uint32 under its gt (tls inspector buffer)', type: 'listener', pick: has((l) => l['listenerFilters'].find((f: Json) => f['name'] === 'envoy.filters.listener.tls_inspector')), inject: (l) => { l['listenerFilters'].find((f: Json) => f['name'] === 'envoy.filters.listener.tls_inspector')['typedConfig']['initialReadBufferSize'] = { value: 10 }; }, rule: 'uint32.gt_lt', path: (l) => `listenerFilters[${l['listenerFilters'].findIndex((f: Json) => f['name'] === 'envoy.filters.listener.tls_inspector')}].typedConfig.initialReadBufferSize` },
  { what: 'an unknown field', type: 'cluster', pick: () => true, inject: (c) => { c['connectTimeoutMs'] = 5; }, rule: 'type.unknown_field', path: 'connectTimeoutMs' },
  { what: 'an unknown field inside an Any', type: 'listener', pick: has((l) => hcmOf(l)), inject: (l) => { hcmOf(l)['routeConfigNmae'] = 'x'; }, rule: 'type.unknown_field', path: (l) => `${hcmPath(l)}.routeConfigNmae` },
  { what: 'a string where a number goes', type: 'listener', pick: has((l) => l['address']['socketAddress']), inject: (l) => { l['address']['socketAddress']['portValue'] = '8080'; }, rule: 'type.uint32', path: 'address.socketAddress.portValue' },
  { what: 'a fractional integer', type: 'cluster', pick: has((c) => c['circuitBreakers']['thresholds'][0]), inject: (c) => { c['circuitBreakers']['thresholds'][0]['maxRequests'] = { value: 1.5 }; }, rule: 'type.uint32', path: 'circuitBreakers.thresholds[0].maxRequests.value' },
  { what: 'a string that is not UTF-8 (lone surrogate)', type: 'cluster', pick: () => true, inject: (c) => { c['altStatName'] = 'a\ud800'; }, rule: 'type.string', path: 'altStatName' },
  { what: 'an Any of a type Envoy’s descriptor lacks', type: 'listener', pick: has((l) => l['filterChains'][0]['filters'][0]['typedConfig']), inject: (l) => { l['filterChains'][0]['filters'][0]['typedConfig'] = { '@type': 'type.googleapis.com/envoy.extensions.filters.network.nope.v3.Nope' }; }, rule: 'type.any', path: 'filterChains[0].filters[0].typedConfig' },
  { what: 'a deprecated field (route action max_grpc_timeout)', type: 'route', pick: has((rc) => firstRoute(rc)['route']), inject: (rc) => { firstRoute(rc)['route']['maxGrpcTimeout'] = { seconds: 1 }; }, rule: 'envoy.deprecated', path: 'virtualHosts[0].routes[0].route.maxGrpcTimeout' },
  { what: 'a deprecated enum value (ApiVersion V2)', type: 'listener', pick: has((l) => hcmOf(l)['rds']['configSource']), inject: (l) => { hcmOf(l)['rds']['configSource']['resourceApiVersion'] = 'V2'; }, rule: 'envoy.deprecated', path: (l) => `${hcmPath(l)}.rds.configSource.resourceApiVersion` },
  { what: 'a disallowed-by-default enum value', type: 'cluster', pick: (c) => c['type'] === 'EDS', inject: (c) => { c['edsClusterConfig']['edsConfig'] = { apiConfigSource: { apiType: 'DEPRECATED_AND_UNAVAILABLE_DO_NOT_USE' } }; }, rule: 'envoy.disallowed_by_default', path: 'edsClusterConfig.edsConfig.apiConfigSource.apiType' },
  // Envoy's C++ checks.
  { what: 'two clusters with one name', type: 'cluster', pick: () => true, inject: (c, s) => { (s.resources.cluster as EnvoyResource[]).push(structuredClone(c)); }, rule: 'envoy.duplicate_resource', path: 'name' },
  { what: 'two listeners on one address', type: 'listener', pick: (l) => l['address'] !== undefined, inject: (l, s) => { (s.resources.listener as EnvoyResource[]).push({ ...structuredClone(l), name: 'copy' }); }, rule: 'envoy.duplicate_listener_address', path: 'address' },
  { what: 'two filter chains with the same match', type: 'listener', pick: has((l) => l['filterChains'][0]['filterChainMatch']), inject: (l) => { l['filterChains'].push(structuredClone(l['filterChains'][0])); }, rule: 'envoy.duplicate_filter_chain_match', path: (l) => `filterChains[${l['filterChains'].length - 1}].filterChainMatch` },
  { what: 'the router filter not last', type: 'listener', pick: has((l) => hcmOf(l)), inject: (l) => { hcmOf(l)['httpFilters'].push({ name: 'second', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } }); }, rule: 'envoy.router_filter_not_last', path: (l) => `${hcmPath(l)}.httpFilters[0]` },
  { what: 'no router filter', type: 'listener', pick: has((l) => hcmOf(l)), inject: (l) => { hcmOf(l)['httpFilters'] = []; }, rule: 'envoy.router_filter_missing', path: (l) => `${hcmPath(l)}.httpFilters` },
  { what: 'a terminal network filter not last', type: 'listener', pick: has((l) => l['filterChains'][0]['filters'][0]['typedConfig']), inject: (l) => { const f = l['filterChains'][0]['filters']; f.push(structuredClone(f[0])); }, rule: 'envoy.terminal_filter_not_last', path: 'filterChains[0].filters[0]' },
  { what: 'weighted clusters whose weights sum to 0', type: 'route', pick: has((rc) => weightedOf(rc)), inject: (rc) => { for (const c of weightedOf(rc)['clusters']) c['weight'] = {}; }, rule: 'envoy.weights_sum_zero', path: (rc) => `${weightedPath(rc)}.clusters` },
  { what: 'a total_weight the weights do not sum to', type: 'route', pick: has((rc) => weightedOf(rc)), inject: (rc) => { weightedOf(rc)['totalWeight'] = { value: 12345 }; }, rule: 'envoy.weights_total', path: (rc) => `${weightedPath(rc)}.totalWeight` },
  { what: 'an EDS cluster without eds_cluster_config', type: 'cluster', pick: (c) => c['type'] === 'EDS', inject: (c) => { delete c['edsClusterConfig']; }, rule: 'envoy.eds_without_config', path: 'edsClusterConfig' },
  { what: 'a LOGICAL_DNS cluster with two hosts', type: 'cluster', pick: (c) => c['type'] === 'LOGICAL_DNS', inject: (c) => { const e = c['loadAssignment']['endpoints'][0]['lbEndpoints']; e.push(structuredClone(e[0])); }, rule: 'envoy.logical_dns_single_host', path: 'loadAssignment.endpoints' },
  { what: 'a STRICT_DNS cluster without load_assignment', type: 'cluster', pick: (c) => c['type'] === 'STRICT_DNS', inject: (c) => { delete c['loadAssignment']; }, rule: 'envoy.cluster_without_endpoints', path: 'loadAssignment' },
  { what: 'a STATIC cluster with a hostname endpoint', type: 'cluster', pick: (c) => c['type'] === 'STATIC', inject: (c) => { c['loadAssignment']['endpoints'][0]['lbEndpoints'][0]['endpoint']['address']['socketAddress']['address'] = 'localhost'; }, rule: 'envoy.static_endpoint_not_ip', path: 'loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.address' },
  { what: 'an ORIGINAL_DST cluster with ROUND_ROBIN', type: 'cluster', pick: (c) => c['type'] === 'ORIGINAL_DST', inject: (c) => { c['lbPolicy'] = 'ROUND_ROBIN'; }, rule: 'envoy.original_dst_lb_policy', path: 'lbPolicy' },
  { what: 'a route to a cluster that is not defined', type: 'route', pick: has((rc) => firstRoute(rc)['route']['cluster']), inject: (rc) => { firstRoute(rc)['route']['cluster'] = 'cds_nowhere'; }, rule: 'ads.reference', path: 'virtualHosts[0].routes[0].route.cluster' },
  { what: 'a listener naming a route configuration that is not defined', type: 'listener', pick: has((l) => hcmOf(l)['rds']), inject: (l) => { hcmOf(l)['rds']['routeConfigName'] = 'rds_nowhere'; }, rule: 'ads.reference', path: (l) => `${hcmPath(l)}.rds.routeConfigName` },
  { what: 'an EDS cluster without its assignment', type: 'cluster', pick: (c) => c['type'] === 'EDS', inject: (c, s) => { (s.resources as unknown as Record<string, EnvoyResource[]>)['endpoint'] = s.resources.endpoint.filter((e) => e['clusterName'] !== (c['edsClusterConfig']['serviceName'] ?? c['name'])); }, rule: 'ads.reference', path: 'edsClusterConfig' },
];

function queryRoutePath(rc: Json): string {
  for (const [h, host] of rc['virtualHosts'].entries()) for (const [r, route] of host['routes'].entries()) if (route['match']['queryParameters']) return `virtualHosts[${h}].routes[${r}]`;
  throw new Error('no query parameters');
}
function queryRoute(rc: Json): Json {
  const [, h, r] = /virtualHosts\[(\d+)\]\.routes\[(\d+)\]/.exec(queryRoutePath(rc))!;
  return rc['virtualHosts'][Number(h)]['routes'][Number(r)];
}
function weightedPath(rc: Json): string {
  for (const [h, host] of rc['virtualHosts'].entries()) for (const [r, route] of host['routes'].entries()) if (route['route']?.['weightedClusters']) return `virtualHosts[${h}].routes[${r}].route.weightedClusters`;
  throw new Error('no weighted clusters');
}
function weightedOf(rc: Json): Json {
  const [, h, r] = /virtualHosts\[(\d+)\]\.routes\[(\d+)\]/.exec(weightedPath(rc))!;
  return rc['virtualHosts'][Number(h)]['routes'][Number(r)]['route']['weightedClusters'];
}
function hcmPath(l: Json): string {
  const i = l['filterChains'].findIndex((c: Json) => c['filters'][0]['typedConfig']['httpFilters']);
  return `filterChains[${i}].filters[0].typedConfig`;
}
/** The path and object of the first safe_regex in a route configuration. */
function regexPath(rc: Json): string {
  const find = (v: unknown, path: string): string | undefined => {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        const found = find(x, `${path}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    if (v === null || typeof v !== 'object') return undefined;
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (k === 'safeRegex') return at;
      const found = find(x, at);
      if (found) return found;
    }
    return undefined;
  };
  const path = find(rc, '');
  if (!path) throw new Error('no safe_regex');
  return path;
}
function regexOf(rc: Json): Json {
  return regexPath(rc).split(/\.|\[|\]/).filter(Boolean).reduce((o: Json, k) => o[k], rc);
}

describe('validateSnapshot', () => {
  it('finds nothing wrong in any golden snapshot', () => {
    expect(goldens.length).toBeGreaterThan(20);
    const violations = goldens.flatMap(validateSnapshot);
    expect(violations.map(formatViolation)).toEqual([]);
  });

  it.each(faults)('catches $what', (fault) => {
    const { snapshot, resource, name } = golden(fault.type, fault.pick);
    fault.inject(resource, snapshot);
    const path = typeof fault.path === 'string' ? fault.path : fault.path(resource);
    const violations = validateSnapshot(snapshot);
    expect(violations.map(formatViolation)).toContainEqual(expect.stringContaining(`[${fault.rule}]`));
    const expected = { node: snapshot.node, resourceType: fault.type, resource: fault.rule === 'envoy.duplicate_listener_address' ? 'copy' : name, path, rule: fault.rule };
    expect(violations.map(({ message: _m, ...v }) => v)).toContainEqual(expected);
  });

  it('finds the same faults whether or not it has seen the resources before', () => {
    const remembering = snapshotValidator(re2Engine);
    const walking = snapshotValidator(re2Engine, { memoEntries: 0 });
    for (const fault of faults) {
      const { snapshot, resource } = golden(fault.type, fault.pick);
      expect(remembering(snapshot)).toEqual([]);
      // Changed in place after it was validated: the memo must not answer for the old content.
      fault.inject(resource, snapshot);
      expect(remembering(snapshot)).toEqual(walking(snapshot));
      expect(remembering(snapshot).length).toBeGreaterThan(0);
    }
  });

  it('refuses a NaN where a number goes, though its JSON reads as the field unset', () => {
    const { snapshot, resource } = golden('cluster', () => true);
    const validate = snapshotValidator(re2Engine);
    resource['perConnectionBufferLimitBytes'] = { value: null };
    expect(validate(snapshot)).toEqual([]);
    resource['perConnectionBufferLimitBytes'] = { value: NaN };
    expect(validate(snapshot).map((v) => `${v.path} ${v.rule}`)).toContain('perConnectionBufferLimitBytes.value type.uint32');
  });
});
