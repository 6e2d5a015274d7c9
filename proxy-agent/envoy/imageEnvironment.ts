// App Mesh's Envoy image configured itself from its container's environment
// (reference/appmesh-envoy.md section 1). This turns that environment into
// typed options, so a task definition written for the image works with only
// the image changed. Pure: files named by the environment are read through
// the `readFile` passed in. Where the image logged a bad value and carried on
// with its default, Weft refuses to start and names the variable instead.
import { isIP } from 'node:net';

export type Env = Readonly<Record<string, string | undefined>>;
type Json = Record<string, unknown>;

/** A value the image's environment cannot mean; the message names the variable. */
export class ImageEnvironmentError extends Error {}

export const envoyLogLevels = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'off'] as const;
export type EnvoyLogLevel = (typeof envoyLogLevels)[number];

export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}

export type TracerOptions =
  | { readonly kind: 'xray'; readonly daemon: SocketAddress; readonly segmentName?: string; readonly sampling?: { readonly rate: number } | { readonly manifestPath: string } }
  | { readonly kind: 'datadog'; readonly collector: SocketAddress; readonly serviceName?: string }
  | { readonly kind: 'jaeger'; readonly collector: SocketAddress; readonly version: 'HTTP_PROTO' | 'HTTP_JSON' };

/** A bootstrap fragment from one of the image's *_FILE variables, merged in as the image merged it. */
export interface BootstrapFragment {
  readonly variable: string;
  readonly path: string;
  readonly content: Json;
}

export interface ImageEnvironment {
  /** APPMESH_RESOURCE_CLUSTER (or the older APPMESH_VIRTUAL_NODE_CLUSTER); the node id when unset. */
  readonly cluster?: string;
  readonly logLevel: EnvoyLogLevel;
  readonly concurrency?: number;
  readonly initialFetchTimeoutSeconds: number;
  readonly adminPort: number;
  readonly adminIpv6: boolean;
  readonly adminAccessLogPath: string;
  /** ENABLE_ENVOY_STATS_TAGS: the fixed appmesh.mesh / appmesh.virtual_node tags. */
  readonly fixedStatsTags: boolean;
  /** APPMESH_METRIC_EXTENSION_VERSION=1. */
  readonly metricExtension: boolean;
  /** False when ENVOY_STATS_CONFIG_FILE brings its own stats_config. */
  readonly generateStatsConfig: boolean;
  /** An Envoy Duration string, e.g. "10s". */
  readonly statsFlushInterval?: string;
  readonly dogStatsd?: { readonly udp: SocketAddress } | { readonly pipe: string };
  /** The generated tracer; none when ENVOY_TRACING_CFG_FILE replaces it. */
  readonly tracer?: TracerOptions;
  /** ENVOY_TRACING_CFG_FILE, ENVOY_STATS_CONFIG_FILE, ENVOY_STATS_SINKS_CFG_FILE, then ENVOY_RESOURCES_CONFIG_FILE, in the image's order. */
  readonly fragments: readonly BootstrapFragment[];
  /** APPNET_ENVOY_RESTART_COUNT: restarts of a dead Envoy over the agent's life. */
  readonly restartCount: number;
  /** LISTENER_DRAIN_WAIT_TIME_S. */
  readonly drainSeconds: number;
  /** ENVOY_CONFIG_FILE: a bootstrap to use as it is (or to fill, if empty). */
  readonly configFile?: string;
}

const fail = (message: string): never => {
  throw new ImageEnvironmentError(message);
};

/** The image trimmed every value, and an empty one meant "unset". */
function get(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** Go's strconv.ParseBool, as the image used it, plus yes/no/on/off which Weft accepted before. */
export function flag(env: Env, name: string, fallback = false): boolean {
  const value = get(env, name);
  if (value === undefined) return fallback;
  if (/^(1|t|true|yes|on)$/i.test(value)) return true;
  if (/^(0|f|false|no|off)$/i.test(value)) return false;
  return fail(`${name} must be true or false (1 or 0), got '${value}'`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = get(env, name);
  if (value === undefined) return fallback;
  const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) fail(`${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}

const port = (env: Env, name: string, fallback: number) => integer(env, name, fallback, 1, 65535);

export function imageEnvironment(env: Env, readFile: (path: string) => string): ImageEnvironment {
  const logLevel = (get(env, 'ENVOY_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(envoyLogLevels as readonly string[]).includes(logLevel)) fail(`ENVOY_LOG_LEVEL must be one of ${envoyLogLevels.join(', ')}, got '${env['ENVOY_LOG_LEVEL']}'`);
  // -1 is the image's own "Envoy's default".
  const concurrency = integer(env, 'ENVOY_CONCURRENCY', -1, -1, 1024);
  if (concurrency === 0) fail(`ENVOY_CONCURRENCY must be a positive number of worker threads, got '0'`);
  const extension = get(env, 'APPMESH_METRIC_EXTENSION_VERSION') ?? '0';
  if (extension !== '0' && extension !== '1') fail(`APPMESH_METRIC_EXTENSION_VERSION must be 0 or 1, got '${extension}'`);
  const fragments = (['ENVOY_TRACING_CFG_FILE', 'ENVOY_STATS_CONFIG_FILE', 'ENVOY_STATS_SINKS_CFG_FILE', 'ENVOY_RESOURCES_CONFIG_FILE'] as const)
    .flatMap((variable) => fragmentOf(env, variable, readFile));
  const cluster = get(env, 'APPMESH_RESOURCE_CLUSTER') ?? get(env, 'APPMESH_VIRTUAL_NODE_CLUSTER');
  const flushInterval = get(env, 'ENVOY_STATS_FLUSH_INTERVAL');
  const dogStatsd = flag(env, 'ENABLE_ENVOY_DOG_STATSD') && !get(env, 'ENVOY_STATS_SINKS_CFG_FILE') ? dogStatsdOf(env) : undefined;
  const tracer = get(env, 'ENVOY_TRACING_CFG_FILE') ? undefined : tracerOf(env, readFile);
  const configFile = get(env, 'ENVOY_CONFIG_FILE');
  return {
    ...(cluster ? { cluster } : {}),
    logLevel: logLevel as EnvoyLogLevel,
    ...(concurrency > 0 ? { concurrency } : {}),
    initialFetchTimeoutSeconds: integer(env, 'ENVOY_INITIAL_FETCH_TIMEOUT', 0, 0, 315_576_000_000),
    adminPort: port(env, 'ENVOY_ADMIN_ACCESS_PORT', 9901),
    adminIpv6: flag(env, 'ENVOY_ADMIN_ACCESS_ENABLE_IPV6'),
    adminAccessLogPath: get(env, 'ENVOY_ADMIN_ACCESS_LOG_FILE') ?? '/tmp/envoy_admin_access.log',
    fixedStatsTags: flag(env, 'ENABLE_ENVOY_STATS_TAGS'),
    metricExtension: extension === '1',
    generateStatsConfig: !get(env, 'ENVOY_STATS_CONFIG_FILE'),
    ...(flushInterval ? { statsFlushInterval: envoyDuration('ENVOY_STATS_FLUSH_INTERVAL', flushInterval) } : {}),
    ...(dogStatsd ? { dogStatsd } : {}),
    ...(tracer ? { tracer } : {}),
    fragments,
    restartCount: integer(env, 'APPNET_ENVOY_RESTART_COUNT', 3, 0, 10),
    drainSeconds: integer(env, 'LISTENER_DRAIN_WAIT_TIME_S', 20, 5, 110),
    ...(configFile ? { configFile } : {}),
  };
}

function dogStatsdOf(env: Env): ImageEnvironment['dogStatsd'] {
  const pipe = get(env, 'STATSD_SOCKET_PATH');
  if (pipe) return { pipe };
  const address = get(env, 'STATSD_ADDRESS') ?? '127.0.0.1';
  // Envoy's DogStatsD sink takes a resolved address, not a host name.
  if (!isIP(address)) fail(`STATSD_ADDRESS must be an IPv4 or IPv6 address, got '${address}'`);
  return { udp: { address, port: port(env, 'STATSD_PORT', 8125) } };
}

function tracerOf(env: Env, readFile: (path: string) => string): TracerOptions | undefined {
  const on = (['ENABLE_ENVOY_XRAY_TRACING', 'ENABLE_ENVOY_DATADOG_TRACING', 'ENABLE_ENVOY_JAEGER_TRACING'] as const).filter((name) => flag(env, name));
  if (on.length > 1) fail(`only one tracer can be on, but ${on.join(' and ')} are both set: enable only one of them`);
  const collector = (prefix: string, fallbackPort: number) => ({ address: get(env, `${prefix}_ADDRESS`) ?? '127.0.0.1', port: port(env, `${prefix}_PORT`, fallbackPort) });
  switch (on[0]) {
    case undefined:
      return undefined;
    case 'ENABLE_ENVOY_XRAY_TRACING': {
      const segmentName = get(env, 'XRAY_SEGMENT_NAME');
      const sampling = samplingOf(env, readFile);
      return { kind: 'xray', daemon: xrayDaemonOf(env), ...(segmentName ? { segmentName } : {}), ...(sampling ? { sampling } : {}) };
    }
    case 'ENABLE_ENVOY_DATADOG_TRACING': {
      const serviceName = get(env, 'DD_SERVICE');
      return { kind: 'datadog', collector: collector('DATADOG_TRACER', 8126), ...(serviceName ? { serviceName } : {}) };
    }
    case 'ENABLE_ENVOY_JAEGER_TRACING': {
      const version = get(env, 'JAEGER_TRACER_VERSION') ?? 'PROTO';
      if (!/^(http_)?(proto|json)$/i.test(version)) fail(`JAEGER_TRACER_VERSION must be PROTO or JSON, got '${version}'`);
      return { kind: 'jaeger', collector: collector('JAEGER_TRACER', 9411), version: /json/i.test(version) ? 'HTTP_JSON' : 'HTTP_PROTO' };
    }
  }
}

/** AWS_XRAY_DAEMON_ADDRESS is an IP or ip:port (its port wins over XRAY_DAEMON_PORT); the X-Ray tracer takes no host name. */
function xrayDaemonOf(env: Env): SocketAddress {
  const fallbackPort = port(env, 'XRAY_DAEMON_PORT', 2000);
  const value = get(env, 'AWS_XRAY_DAEMON_ADDRESS');
  if (value === undefined) return { address: '127.0.0.1', port: fallbackPort };
  if (isIP(value)) return { address: value, port: fallbackPort };
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value);
  const address = match?.[1] ?? '';
  const daemonPort = Number(match?.[2]);
  if (!isIP(address) || !(daemonPort >= 1 && daemonPort <= 65535)) fail(`AWS_XRAY_DAEMON_ADDRESS must be a static IPv4 or IPv6 address, optionally with :port (e.g. 127.0.0.1:2000), got '${value}'`);
  return { address, port: daemonPort };
}

/** XRAY_SAMPLING_RULE_MANIFEST wins; XRAY_SAMPLING_RATE at X-Ray's own 5% needs no manifest. */
function samplingOf(env: Env, readFile: (path: string) => string): { rate: number } | { manifestPath: string } | undefined {
  const manifestPath = get(env, 'XRAY_SAMPLING_RULE_MANIFEST');
  if (manifestPath) {
    const manifest = jsonFile('XRAY_SAMPLING_RULE_MANIFEST', manifestPath, readFile);
    // Envoy's X-Ray tracer reads version 2 manifests only.
    if (manifest['version'] !== 2) fail(`XRAY_SAMPLING_RULE_MANIFEST=${manifestPath} must be a version 2 sampling manifest (its "version" is ${JSON.stringify(manifest['version'])})`);
    if (typeof manifest['default'] !== 'object' || manifest['default'] === null) fail(`XRAY_SAMPLING_RULE_MANIFEST=${manifestPath} has no "default" rule`);
    return { manifestPath };
  }
  const value = get(env, 'XRAY_SAMPLING_RATE');
  if (value === undefined) return undefined;
  const rate = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Math.round(Number(value) * 100) / 100 : NaN;
  if (!(rate >= 0 && rate <= 1)) fail(`XRAY_SAMPLING_RATE must be a decimal from 0 to 1.00, got '${value}'`);
  return rate === 0.05 ? undefined : { rate };
}

function fragmentOf(env: Env, variable: string, readFile: (path: string) => string): BootstrapFragment[] {
  const path = get(env, variable);
  if (!path) return [];
  const content = jsonFile(variable, path, readFile);
  // The image failed on an empty custom file, but only warned about an empty resources file.
  if (Object.keys(content).length === 0) return variable === 'ENVOY_RESOURCES_CONFIG_FILE' ? [] : fail(`${variable}=${path} is empty`);
  if (variable === 'ENVOY_STATS_SINKS_CFG_FILE' && !('stats_sinks' in content || 'statsSinks' in content)) fail(`${variable}=${path} holds no stats_sinks`);
  return [{ variable, path, content }];
}

/**
 * The agent carries no YAML parser (it runs on every host, within a small
 * memory budget), so these files must be JSON, which is also valid YAML.
 */
function jsonFile(variable: string, path: string, readFile: (path: string) => string): Json {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    return fail(`${variable}=${path} cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(`${variable}=${path} is not JSON: Weft reads this file as JSON only, not YAML (convert it, e.g. with yq -o=json)`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${variable}=${path} must hold a JSON object`);
  return value as Json;
}

const durationUnitsNs: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * A Go duration (the image used time.ParseDuration: "10s", "1m30s", "500ms")
 * as an Envoy Duration string. Envoy takes a flush interval from 1 ms to under 5 minutes.
 */
export function envoyDuration(variable: string, value: string): string {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) fail(`${variable} must be a duration such as 10s, 500ms or 1m, got '${value}'`);
  const ns = Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * (durationUnitsNs[unit ?? 's'] ?? 0), 0));
  if (ns < 1e6 || ns >= 300e9) fail(`${variable} must be from 1ms to under 5m, got '${value}'`);
  const seconds = Math.floor(ns / 1e9);
  const nanos = ns % 1e9;
  return nanos === 0 ? `${seconds}s` : `${seconds}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}s`;
}
