/**
 * One reading of an Envoy's admin stats, from `/stats?format=json` or
 * `/stats/prometheus`, keyed the same way whichever it came from: the full
 * stat name with dots as underscores (`cluster.<c>.upstream_rq_2xx` ->
 * `cluster_<c>_upstream_rq_2xx`). Prometheus output has Envoy's tag values
 * cut out of the name and moved to labels; putting them back where Envoy's
 * default tag extractors took them from gives the same key. Cluster names,
 * listener addresses and stat prefixes keep their own characters.
 */
export interface EnvoyStatsReading {
  /** Counters and gauges (Envoy's JSON does not tell them apart). */
  readonly values: ReadonlyMap<string, number>;
  readonly histograms: ReadonlyMap<string, Histogram>;
}

export interface Histogram {
  /** Cumulative counts since Envoy started, per upper bound (`le`), ascending; the last is +Inf. */
  readonly buckets?: readonly { readonly le: number; readonly count: number }[];
  readonly sum?: number;
  readonly count?: number;
  /** `/stats?format=json` quantiles (percent), over Envoy's last flush interval and since start. */
  readonly quantiles?: readonly { readonly quantile: number; readonly interval: number | null; readonly cumulative: number | null }[];
}

export const statKey = (statName: string) => statName.replaceAll('.', '_');

interface JsonStats {
  stats?: unknown[];
  histograms?: unknown;
}

/** Envoy's `/stats?format=json`: `{stats: [{name, value}, ..., {histograms: {supported_quantiles, computed_quantiles}}]}`. */
export function parseStatsJson(body: string | JsonStats): EnvoyStatsReading {
  const json = (typeof body === 'string' ? JSON.parse(body) : body) as JsonStats;
  const values = new Map<string, number>();
  const histograms = new Map<string, Histogram>();
  const histogramBlocks: unknown[] = json.histograms ? [json.histograms] : [];
  for (const entry of json.stats ?? []) {
    if (!isObject(entry)) continue;
    if ('histograms' in entry) histogramBlocks.push(entry['histograms']);
    // Text readouts have string values; they are not metrics.
    else if (typeof entry['name'] === 'string' && typeof entry['value'] === 'number') values.set(statKey(entry['name']), entry['value']);
  }
  for (const block of histogramBlocks) {
    if (!isObject(block)) continue;
    const supported = Array.isArray(block['supported_quantiles']) ? (block['supported_quantiles'] as number[]) : [];
    for (const computed of Array.isArray(block['computed_quantiles']) ? block['computed_quantiles'] : []) {
      if (!isObject(computed) || typeof computed['name'] !== 'string' || !Array.isArray(computed['values'])) continue;
      const quantiles = (computed['values'] as { interval?: number | null; cumulative?: number | null }[]).map((v, i) => ({
        quantile: supported[i] ?? NaN,
        interval: v.interval ?? null,
        cumulative: v.cumulative ?? null,
      }));
      histograms.set(statKey(computed['name']), { quantiles });
    }
  }
  return { values, histograms };
}

/** The label holding the tag Envoy's default extractors cut from right after each root. */
const rootTags: Record<string, string> = {
  cluster: 'envoy_cluster_name',
  http: 'envoy_http_conn_manager_prefix',
  listener: 'envoy_listener_address',
  tcp: 'envoy_tcp_prefix',
};

/** Envoy's `/stats/prometheus` (Prometheus text exposition format 0.0.4). */
export function parsePrometheus(text: string): EnvoyStatsReading {
  const types = new Map<string, string>();
  const values = new Map<string, number>();
  const histograms = new Map<string, { buckets: { le: number; count: number }[]; sum?: number; count?: number }>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = parseSampleLine(line);
    if (!sample) continue;
    const histogramOf = histogramBase(sample.name, types);
    if (histogramOf) {
      const key = toStatKey(histogramOf.base, sample.labels);
      if (key === undefined) continue;
      const h = histograms.get(key) ?? { buckets: [] };
      if (histogramOf.part === 'bucket') h.buckets.push({ le: parsePromNumber(sample.labels.get('le') ?? '') ?? NaN, count: sample.value });
      else h[histogramOf.part] = sample.value;
      histograms.set(key, h);
      continue;
    }
    const key = toStatKey(sample.name, sample.labels);
    if (key !== undefined) values.set(key, sample.value);
  }
  for (const h of histograms.values()) h.buckets.sort((a, b) => a.le - b.le);
  return { values, histograms };
}

function histogramBase(name: string, types: ReadonlyMap<string, string>): { base: string; part: 'bucket' | 'sum' | 'count' } | undefined {
  for (const part of ['bucket', 'sum', 'count'] as const) {
    const suffix = `_${part}`;
    if (name.endsWith(suffix) && types.get(name.slice(0, -suffix.length)) === 'histogram') return { base: name.slice(0, -suffix.length), part };
  }
  return undefined;
}

function toStatKey(metricName: string, labels: ReadonlyMap<string, string>): string | undefined {
  if (!metricName.startsWith('envoy_')) return undefined;
  let name = metricName.slice('envoy_'.length);
  // The gRPC stats filter's service and method sit after `cluster.<name>.grpc.`.
  const service = labels.get('envoy_grpc_bridge_service');
  const method = labels.get('envoy_grpc_bridge_method');
  if (service !== undefined) name = name.replace(/^cluster_grpc_/, `cluster_grpc_${statKey(service)}_${method !== undefined ? `${statKey(method)}_` : ''}`);
  const root = name.split('_')[0]!;
  const rootTag = rootTags[root];
  if (rootTag !== undefined) {
    const value = labels.get(rootTag);
    if (value !== undefined) name = `${root}_${statKey(value)}${name.slice(root.length)}`;
  }
  const codeClass = labels.get('envoy_response_code_class');
  if (codeClass !== undefined && name.endsWith('_xx')) name = `${name.slice(0, -2)}${codeClass}xx`;
  const code = labels.get('envoy_response_code');
  if (code !== undefined) name = `${name}_${code}`;
  return name;
}

function parseSampleLine(line: string): { name: string; labels: Map<string, string>; value: number } | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
  if (!match) return undefined;
  const value = parsePromNumber(match[4]!);
  if (value === undefined) return undefined;
  return { name: match[1]!, labels: parseLabels(match[3] ?? ''), value };
}

function parsePromNumber(text: string): number | undefined {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = Number(text);
  return Number.isNaN(n) && text !== 'NaN' ? undefined : n;
}

/** `a="x",b="y\"z"`: label values escape backslash, double quote and newline. */
function parseLabels(text: string): Map<string, string> {
  const labels = new Map<string, string>();
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    labels.set(m[1]!, m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
  }
  return labels;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
