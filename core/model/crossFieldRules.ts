// App Mesh rules that span several fields and so cannot be expressed in the
// service model. Each rule runs on a value that already passed the model checks
// for its own subtree, so rules only narrow defensively.
import { egressListenerPort } from '../projection/envoy/names.js';
import { envoyMaxDurationSeconds } from '../projection/validate/durations.js';
import type { ValidationIssue } from './validateShape.js';

type Obj = Record<string, unknown>;
type Rule = (value: unknown, path: string) => ValidationIssue | undefined;

const at = (path: string, message: string): ValidationIssue => ({ path, message: `${path === '' ? 'input' : path}: ${message}` });
const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSet = (o: Obj, key: string): boolean => o[key] !== undefined && o[key] !== null;

function startsWithSlash(o: Obj, key: string, path: string): ValidationIssue | undefined {
  const v = o[key];
  return typeof v === 'string' && !v.startsWith('/') ? at(join(path, key), 'must start with /') : undefined;
}

function atLeastOne(keys: readonly string[]): Rule {
  return (v, path) =>
    isObj(v) && !keys.some((k) => isSet(v, k)) ? at(path, `must set at least one of ${keys.join(', ')}`) : undefined;
}

/** Reports the second element whose key (from keyOf) repeats an earlier one. */
function uniqueBy(keyOf: (item: Obj) => string | number | undefined, field: string, describe: (item: Obj) => string): Rule {
  return (v, path) => {
    if (!Array.isArray(v)) return undefined;
    const seen = new Map<string | number, number>();
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (!isObj(item)) continue;
      const key = keyOf(item);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (first !== undefined) return at(`${path}[${i}].${field}`, `${describe(item)} (also at [${first}])`);
      seen.set(key, i);
    }
    return undefined;
  };
}

// A match on the listener port alone is whole (App Mesh's multiple-listener
// walkthrough creates one): it takes every path on that port.
const httpRouteMatch: Rule = (v, path) => {
  if (!isObj(v)) return undefined;
  const prefix = isSet(v, 'prefix');
  const exactPath = isSet(v, 'path');
  if (!prefix && !exactPath && !isSet(v, 'port')) return at(join(path, 'prefix'), 'either match.prefix, match.path or match.port must be set');
  if (prefix && exactPath) return at(join(path, 'path'), 'cannot be set together with match.prefix');
  return startsWithSlash(v, 'prefix', path);
};

// Gateway routes may match on hostname alone, so prefix/path are optional here.
const httpGatewayRouteMatch: Rule = (v, path) => {
  if (!isObj(v)) return undefined;
  if (isSet(v, 'prefix') && isSet(v, 'path')) return at(join(path, 'path'), 'cannot be set together with match.prefix');
  return startsWithSlash(v, 'prefix', path);
};

const httpPathMatch: Rule = (v, path) => {
  if (!isObj(v)) return undefined;
  const set = ['exact', 'regex'].filter((k) => isSet(v, k));
  if (set.length !== 1) return at(path, `must set exactly one of exact, regex (got ${set.length === 0 ? 'none' : set.join(', ')})`);
  return startsWithSlash(v, 'exact', path);
};

const prefixRewrite: Rule = (v, path) => {
  if (!isObj(v) || typeof v['value'] !== 'string') return undefined;
  const value = v['value'];
  return value.startsWith('/') && value.endsWith('/') ? undefined : at(join(path, 'value'), 'must start and end with /');
};

const pathRewrite: Rule = (v, path) => (isObj(v) ? startsWithSlash(v, 'exact', path) : undefined);

// Envoy reads nearly every Duration as int64 milliseconds and refuses seconds beyond
// INT64_MAX / 1e9 (9223372036 s, about 292 years); the validator holds snapshots to the same.
const envoyMaxSeconds = Number(envoyMaxDurationSeconds);
const maxValue: Readonly<Record<string, number>> = { s: envoyMaxSeconds, ms: envoyMaxSeconds * 1000 };

// The model leaves both Duration members optional; App Mesh rejects a half-specified one.
// value >= 0 and unit in {s, ms} are already enforced by DurationValue / DurationUnit.
const duration: Rule = (v, path) => {
  if (!isObj(v)) return undefined;
  for (const key of ['unit', 'value']) {
    if (!isSet(v, key)) return at(join(path, key), 'is required when a duration is given');
  }
  const { unit, value } = v;
  const max = typeof unit === 'string' ? maxValue[unit] : undefined;
  if (typeof value === 'number' && max !== undefined && value > max) {
    return at(join(path, 'value'), `must be at most ${max} ${String(unit)}, Envoy's longest duration (got ${value})`);
  }
  return undefined;
};

// Envoy: OutlierDetection.interval and base_ejection_time must be greater than 0.
const outlierDetection: Rule = (v, path) => {
  if (!isObj(v)) return undefined;
  for (const key of ['interval', 'baseEjectionDuration']) {
    const d = v[key];
    if (isObj(d) && d['value'] === 0) return at(join(path, `${key}.value`), 'must be greater than 0');
  }
  return undefined;
};

const matchRange: Rule = (v, path) => {
  if (!isObj(v)) return undefined;
  const { start, end } = v;
  if (typeof start === 'number' && typeof end === 'number' && start >= end) {
    return at(path, `start must be less than end (got start ${start}, end ${end})`);
  }
  return undefined;
};

const uniqueTargets = uniqueBy(
  (t) => (typeof t['virtualNode'] === 'string' ? `${t['virtualNode']}|${String(t['port'] ?? '')}` : undefined),
  'virtualNode',
  (t) => `duplicate target ${JSON.stringify(t['virtualNode'])}${isSet(t, 'port') ? ` port ${String(t['port'])}` : ''}`,
);

const weightedTargets: Rule = (v, path) => {
  if (!Array.isArray(v)) return undefined;
  const dup = uniqueTargets(v, path);
  if (dup !== undefined) return dup;
  let sum = 0;
  for (const t of v) if (isObj(t) && typeof t['weight'] === 'number') sum += t['weight'];
  return sum > 0 ? undefined : at(path, 'weights must sum to more than 0');
};

const listenerPort = (l: Obj): number | undefined => {
  const pm = l['portMapping'];
  return isObj(pm) && typeof pm['port'] === 'number' ? pm['port'] : undefined;
};
const uniqueListenerPorts = uniqueBy(
  listenerPort,
  'portMapping.port',
  (l) => `duplicate listener port ${String(listenerPort(l))}`,
);

const uniqueTagKeys = uniqueBy(
  (t) => (typeof t['key'] === 'string' ? t['key'] : undefined),
  'key',
  (t) => `duplicate tag key ${JSON.stringify(t['key'])}`,
);

// App Mesh: a listener's health check port "must match the port defined in the PortMapping".
const listenerHealthCheckPort: Rule = (v, path) => {
  if (!isObj(v) || !isObj(v['healthCheck']) || !isObj(v['portMapping'])) return undefined;
  const port = v['healthCheck']['port'];
  const serving = v['portMapping']['port'];
  return port !== undefined && port !== serving ? at(join(path, 'healthCheck.port'), `must match portMapping.port (${String(serving)})`) : undefined;
};

// A virtual gateway's routes go through Envoy's own listener on 15001 (App Mesh's two
// hops, core/projection/compile/gatewayEgress.ts): a gateway listener there could not bind.
const gatewayListener: Rule = (v, path) => {
  const health = listenerHealthCheckPort(v, path);
  if (health || !isObj(v) || !isObj(v['portMapping'])) return health;
  return v['portMapping']['port'] === egressListenerPort
    ? at(join(path, 'portMapping.port'), `${egressListenerPort} is the port of the gateway's own egress hop (lds_egress_0.0.0.0_${egressListenerPort}); choose another`)
    : undefined;
};

/** Keyed by model shape name, so every use of the shape gets the rule. */
const rules: Readonly<Record<string, Rule>> = {
  HttpRouteMatch: httpRouteMatch,
  HttpGatewayRouteMatch: httpGatewayRouteMatch,
  HttpPathMatch: httpPathMatch,
  HttpGatewayRoutePrefixRewrite: prefixRewrite,
  HttpGatewayRoutePathRewrite: pathRewrite,
  Duration: duration,
  OutlierDetection: outlierDetection,
  MatchRange: matchRange,
  WeightedTargets: weightedTargets,
  HttpRetryPolicy: atLeastOne(['httpRetryEvents', 'tcpRetryEvents']),
  GrpcRetryPolicy: atLeastOne(['grpcRetryEvents', 'httpRetryEvents', 'tcpRetryEvents']),
  Listener: listenerHealthCheckPort,
  VirtualGatewayListener: gatewayListener,
  Listeners: uniqueListenerPorts,
  VirtualGatewayListeners: uniqueListenerPorts,
  VirtualRouterListeners: uniqueListenerPorts,
  TagList: uniqueTagKeys,
};

/** Shape names that carry a cross-field rule (lets tests check they exist in the model). */
export const crossFieldShapeNames: readonly string[] = Object.keys(rules);

export function crossFieldIssue(shapeName: string, value: unknown, path: string): ValidationIssue | undefined {
  const rule = Object.hasOwn(rules, shapeName) ? rules[shapeName] : undefined;
  return rule === undefined ? undefined : rule(value, path);
}
