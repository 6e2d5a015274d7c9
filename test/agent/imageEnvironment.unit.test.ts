// App Mesh's Envoy image environment, variable by variable: the bootstrap
// each one gives (checked against Envoy's own protos, typed_config Anys
// included) and the clear start-up error a bad value gives.
import { describe, expect, it } from 'vitest';
import { envoyBootstrap } from '../../proxy-agent/envoy/bootstrap.js';
import { bootstrapFiles } from '../../proxy-agent/envoy/bootstrapFiles.js';
import type { Env } from '../../proxy-agent/envoy/imageEnvironment.js';
import { envoyDuration, imageEnvironment } from '../../proxy-agent/envoy/imageEnvironment.js';
import type { NodeIdentity } from '../../proxy-agent/nodeIdentity.js';
import { roundTrip } from './bootstrapProto.js';
import { filesOf, startupErrorOf } from './imageEnvironmentSupport.js';

type Json = Record<string, unknown>;

const node: NodeIdentity = { mesh: 'shop', kind: 'virtualNode', name: 'cart-v1' };
const gateway: NodeIdentity = { mesh: 'shop', kind: 'virtualGateway', name: 'edge' };

function bootstrapFor(env: Env, options: { identity?: NodeIdentity; files?: Record<string, unknown> } = {}): Json {
  const image = imageEnvironment(env, filesOf(options.files ?? {}));
  const bootstrap = envoyBootstrap({ identity: options.identity ?? node, xdsAddress: '127.0.0.1:15010', image, samplingManifestPath: '/etc/weft/xray-sampling-rules.json' });
  const { sent, received, error } = roundTrip(bootstrap);
  expect(error).toBeNull();
  expect(received).toEqual(sent);
  return bootstrap;
}

const at = (json: Json, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], json);
const tagNames = (bootstrap: Json) => (at(bootstrap, 'stats_config', 'stats_tags') as Json[]).map((t) => t['tag_name']);
const errorOf = (env: Env, files: Record<string, unknown> = {}) => startupErrorOf(node, env, files);
const listenerTags = ['appmesh.listener_protocol', 'appmesh.listener_port', 'envoy_rds_route_config'];

describe("the App Mesh Envoy image's environment", () => {
  it('gives a valid bootstrap with the defaults for an empty environment', () => {
    const image = imageEnvironment({}, filesOf({}));
    expect(image).toMatchObject({ logLevel: 'info', initialFetchTimeoutSeconds: 0, adminPort: 9901, adminIpv6: false, adminAccessLogPath: '/tmp/envoy_admin_access.log', fixedStatsTags: false, metricExtension: false, restartCount: 3, drainSeconds: 20, fragments: [] });
    expect(image.concurrency).toBeUndefined();
    const bootstrap = bootstrapFor({});
    expect(bootstrap['tracing']).toBeUndefined();
    expect(bootstrap['stats_sinks']).toBeUndefined();
    expect(tagNames(bootstrap)).toEqual(listenerTags);
  });

  it('APPMESH_RESOURCE_CLUSTER (or APPMESH_VIRTUAL_NODE_CLUSTER) sets node.cluster', () => {
    expect(at(bootstrapFor({ APPMESH_RESOURCE_CLUSTER: 'cart' }), 'node', 'cluster')).toBe('cart');
    expect(at(bootstrapFor({ APPMESH_VIRTUAL_NODE_CLUSTER: 'old-cart' }), 'node', 'cluster')).toBe('old-cart');
    expect(at(bootstrapFor({ APPMESH_RESOURCE_CLUSTER: 'cart', APPMESH_VIRTUAL_NODE_CLUSTER: 'old-cart' }), 'node', 'cluster')).toBe('cart');
  });

  it('ENVOY_LOG_LEVEL and ENVOY_CONCURRENCY become Envoy flags, validated', () => {
    expect(imageEnvironment({ ENVOY_LOG_LEVEL: 'DEBUG', ENVOY_CONCURRENCY: '2' }, filesOf({}))).toMatchObject({ logLevel: 'debug', concurrency: 2 });
    expect(imageEnvironment({ ENVOY_CONCURRENCY: '-1' }, filesOf({})).concurrency).toBeUndefined();
    expect(errorOf({ ENVOY_LOG_LEVEL: 'verbose' })).toMatch(/^ENVOY_LOG_LEVEL must be one of trace, debug, info, warn, warning, error, critical, off/);
    for (const bad of ['0', 'two', '1.5']) expect(errorOf({ ENVOY_CONCURRENCY: bad })).toMatch(/^ENVOY_CONCURRENCY/);
  });

  it('ENVOY_INITIAL_FETCH_TIMEOUT sets initial_fetch_timeout on both ADS config sources', () => {
    const bootstrap = bootstrapFor({ ENVOY_INITIAL_FETCH_TIMEOUT: '30' });
    expect(at(bootstrap, 'dynamic_resources', 'cds_config', 'initial_fetch_timeout')).toBe('30s');
    expect(at(bootstrap, 'dynamic_resources', 'lds_config', 'initial_fetch_timeout')).toBe('30s');
    expect(at(bootstrapFor({}), 'dynamic_resources', 'lds_config', 'initial_fetch_timeout')).toBe('0s');
    expect(errorOf({ ENVOY_INITIAL_FETCH_TIMEOUT: '-5' })).toMatch(/^ENVOY_INITIAL_FETCH_TIMEOUT/);
  });

  it('ENVOY_ADMIN_ACCESS_LOG_FILE, ENVOY_ADMIN_ACCESS_PORT and ENVOY_ADMIN_ACCESS_ENABLE_IPV6 shape the admin interface', () => {
    const bootstrap = bootstrapFor({ ENVOY_ADMIN_ACCESS_LOG_FILE: '/var/log/envoy-admin.log', ENVOY_ADMIN_ACCESS_PORT: '9902', ENVOY_ADMIN_ACCESS_ENABLE_IPV6: '1' });
    expect(at(bootstrap, 'admin')).toEqual({
      address: { socket_address: { address: '::', port_value: 9902, ipv4_compat: true } },
      access_log: [{ name: 'envoy.access_loggers.file', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/var/log/envoy-admin.log' } }],
    });
    expect(errorOf({ ENVOY_ADMIN_ACCESS_ENABLE_IPV6: 'maybe' })).toMatch(/^ENVOY_ADMIN_ACCESS_ENABLE_IPV6 must be true or false/);
    expect(errorOf({ ENVOY_ADMIN_ACCESS_PORT: '0' })).toMatch(/^ENVOY_ADMIN_ACCESS_PORT/);
  });

  it('ENABLE_ENVOY_STATS_TAGS=1 adds the fixed appmesh.mesh and appmesh.virtual_node / virtual_gateway tags first', () => {
    const bootstrap = bootstrapFor({ ENABLE_ENVOY_STATS_TAGS: '1' });
    expect((at(bootstrap, 'stats_config', 'stats_tags') as Json[]).slice(0, 2)).toEqual([{ tag_name: 'appmesh.mesh', fixed_value: 'shop' }, { tag_name: 'appmesh.virtual_node', fixed_value: 'cart-v1' }]);
    expect(tagNames(bootstrapFor({ ENABLE_ENVOY_STATS_TAGS: 'true' }, { identity: gateway })).slice(0, 2)).toEqual(['appmesh.mesh', 'appmesh.virtual_gateway']);
    expect(tagNames(bootstrapFor({ ENABLE_ENVOY_STATS_TAGS: '0' }))).toEqual(listenerTags);
  });

  it('APPMESH_METRIC_EXTENSION_VERSION=1 adds the metric filter metadata and its four tags, in order, with the exact regexes', () => {
    const bootstrap = bootstrapFor({ APPMESH_METRIC_EXTENSION_VERSION: '1', ENABLE_ENVOY_STATS_TAGS: '1' });
    expect(at(bootstrap, 'node', 'metadata', 'aws.appmesh.metric_filter')).toEqual({ level: '1' });
    expect((at(bootstrap, 'stats_config', 'stats_tags') as Json[]).slice(2, 6)).toEqual([
      { tag_name: 'TargetVirtualNode', regex: String.raw`^appmesh(?:\..+?\..+?)*(\.TargetVirtualNode\.(.+?))(?:\..+?\..+?)*\.(?:.+)$` },
      { tag_name: 'TargetVirtualService', regex: String.raw`^appmesh(?:\..+?\..+?)*(\.TargetVirtualService\.([^MVT]+))(?:\..+?\..+?)*\.(?:.+)$` },
      { tag_name: 'Mesh', fixed_value: 'shop' },
      { tag_name: 'VirtualNode', fixed_value: 'cart-v1' },
    ]);
    expect(tagNames(bootstrapFor({ APPMESH_METRIC_EXTENSION_VERSION: '1' }, { identity: gateway }))).toEqual(['TargetVirtualNode', 'TargetVirtualService', 'Mesh', 'VirtualGateway', ...listenerTags]);
    expect(at(bootstrapFor({ APPMESH_METRIC_EXTENSION_VERSION: '0' }), 'node', 'metadata', 'aws.appmesh.metric_filter')).toBeUndefined();
    expect(errorOf({ APPMESH_METRIC_EXTENSION_VERSION: '2' })).toMatch(/^APPMESH_METRIC_EXTENSION_VERSION must be 0 or 1/);
  });

  it('ENVOY_STATS_FLUSH_INTERVAL takes a Go duration and gives Envoy its own', () => {
    expect(at(bootstrapFor({ ENVOY_STATS_FLUSH_INTERVAL: '10s' }), 'stats_flush_interval')).toBe('10s');
    expect(at(bootstrapFor({ ENVOY_STATS_FLUSH_INTERVAL: '1m30s' }), 'stats_flush_interval')).toBe('90s');
    expect(envoyDuration('X', '500ms')).toBe('0.5s');
    for (const bad of ['10', 'soon', '5m', '0s']) expect(errorOf({ ENVOY_STATS_FLUSH_INTERVAL: bad })).toMatch(/^ENVOY_STATS_FLUSH_INTERVAL must be/);
  });

  it('ENABLE_ENVOY_DOG_STATSD sends stats to STATSD_ADDRESS:STATSD_PORT over UDP, or to STATSD_SOCKET_PATH', () => {
    const sink = (env: Env) => (bootstrapFor({ ENABLE_ENVOY_DOG_STATSD: '1', ...env })['stats_sinks'] as Json[])[0];
    const type = 'type.googleapis.com/envoy.config.metrics.v3.DogStatsdSink';
    expect(sink({})).toEqual({ name: 'envoy.stat_sinks.dog_statsd', typed_config: { '@type': type, address: { socket_address: { protocol: 'UDP', address: '127.0.0.1', port_value: 8125 } } } });
    expect(at(sink({ STATSD_ADDRESS: '10.0.0.9', STATSD_PORT: '9125' }) as Json, 'typed_config', 'address')).toEqual({ socket_address: { protocol: 'UDP', address: '10.0.0.9', port_value: 9125 } });
    expect(at(sink({ STATSD_SOCKET_PATH: '/var/run/datadog/dsd.socket' }) as Json, 'typed_config', 'address')).toEqual({ pipe: { path: '/var/run/datadog/dsd.socket' } });
    expect(errorOf({ ENABLE_ENVOY_DOG_STATSD: '1', STATSD_PORT: 'statsd' })).toMatch(/^STATSD_PORT/);
    expect(errorOf({ ENABLE_ENVOY_DOG_STATSD: '1', STATSD_ADDRESS: 'cwagent' })).toMatch(/^STATSD_ADDRESS must be an IPv4 or IPv6 address/);
  });

  it('an unknown field, even inside a typed_config, fails the proto check', () => {
    const bootstrap = envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010', image: imageEnvironment({ ENABLE_ENVOY_DOG_STATSD: '1' }, filesOf({})) });
    const [sink] = bootstrap['stats_sinks'] as Json[];
    const { sent, received } = roundTrip({ ...bootstrap, stats_sinks: [{ ...sink, typed_config: { ...(sink?.['typed_config'] as Json), prefixx: 'envoy' } }] });
    expect(received).not.toEqual(sent);
  });
});

describe('tracing from the environment', () => {
  const xrayType = 'type.googleapis.com/envoy.config.trace.v3.XRayConfig';

  it("ENABLE_ENVOY_XRAY_TRACING gives App Mesh's X-Ray tracer: daemon on 127.0.0.1:2000, segment <mesh>/<name>, App Mesh's segment fields", () => {
    expect(bootstrapFor({ ENABLE_ENVOY_XRAY_TRACING: '1' })['tracing']).toEqual({
      http: {
        name: 'envoy.tracers.xray',
        typed_config: {
          '@type': xrayType,
          daemon_endpoint: { protocol: 'UDP', address: '127.0.0.1', port_value: 2000 },
          segment_name: 'shop/cart-v1',
          segment_fields: { origin: 'AWS::AppMesh::Proxy', aws: { app_mesh: { mesh_name: 'shop', virtual_node_name: 'cart-v1' } } },
        },
      },
    });
  });

  it('takes the daemon from XRAY_DAEMON_PORT and AWS_XRAY_DAEMON_ADDRESS (whose port wins), and the segment name from XRAY_SEGMENT_NAME', () => {
    const xray = (env: Env) => at(bootstrapFor({ ENABLE_ENVOY_XRAY_TRACING: 'true', ...env }), 'tracing', 'http', 'typed_config') as Json;
    expect(xray({ XRAY_DAEMON_PORT: '3000' })['daemon_endpoint']).toEqual({ protocol: 'UDP', address: '127.0.0.1', port_value: 3000 });
    expect(xray({ XRAY_DAEMON_PORT: '3000', AWS_XRAY_DAEMON_ADDRESS: '169.254.1.1' })['daemon_endpoint']).toEqual({ protocol: 'UDP', address: '169.254.1.1', port_value: 3000 });
    expect(xray({ XRAY_DAEMON_PORT: '3000', AWS_XRAY_DAEMON_ADDRESS: '169.254.1.1:2100' })['daemon_endpoint']).toEqual({ protocol: 'UDP', address: '169.254.1.1', port_value: 2100 });
    expect(xray({ AWS_XRAY_DAEMON_ADDRESS: '[fd00::1]:2100' })['daemon_endpoint']).toEqual({ protocol: 'UDP', address: 'fd00::1', port_value: 2100 });
    expect(xray({ XRAY_SEGMENT_NAME: 'cart' })['segment_name']).toBe('cart');
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', AWS_XRAY_DAEMON_ADDRESS: 'xray-daemon:2000' })).toMatch(/^AWS_XRAY_DAEMON_ADDRESS must be a static IPv4 or IPv6 address/);
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_DAEMON_PORT: '70000' })).toMatch(/^XRAY_DAEMON_PORT/);
  });

  it('XRAY_SAMPLING_RATE other than 0.05 writes a version-2 manifest beside the bootstrap; XRAY_SAMPLING_RULE_MANIFEST is used as given', () => {
    const xray = (env: Env, files = {}) => at(bootstrapFor({ ENABLE_ENVOY_XRAY_TRACING: '1', ...env }, { files }), 'tracing', 'http', 'typed_config') as Json;
    expect(xray({ XRAY_SAMPLING_RATE: '0.2' })['sampling_rule_manifest']).toEqual({ filename: '/etc/weft/xray-sampling-rules.json' });
    expect(xray({ XRAY_SAMPLING_RATE: '0.05' })['sampling_rule_manifest']).toBeUndefined();
    expect(xray({ XRAY_SAMPLING_RATE: '0.049' })['sampling_rule_manifest']).toBeUndefined(); // rounded to 2 decimals, as the image did
    const manifest = { version: 2, default: { fixed_target: 2, rate: 0.5 }, rules: [] };
    expect(xray({ XRAY_SAMPLING_RATE: '0.2', XRAY_SAMPLING_RULE_MANIFEST: '/etc/rules.json' }, { '/etc/rules.json': manifest })['sampling_rule_manifest']).toEqual({ filename: '/etc/rules.json' });

    const image = imageEnvironment({ ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_SAMPLING_RATE: '0.123' }, filesOf({}));
    const files = bootstrapFiles({ identity: node, xdsAddress: '127.0.0.1:15010', image }, '/run/weft/envoy.yaml');
    expect(files.map((f) => f.path)).toEqual(['/run/weft/xray-sampling-rules.json', '/run/weft/envoy.yaml']);
    expect(JSON.parse(files[0]?.text ?? '')).toEqual({ version: 2, default: { fixed_target: 1, rate: 0.12 }, rules: [] });
    expect(JSON.stringify(JSON.parse(files[1]?.text ?? ''))).toContain('"sampling_rule_manifest":{"filename":"/run/weft/xray-sampling-rules.json"}');

    for (const bad of ['1.5', '-0.1', 'half']) expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_SAMPLING_RATE: bad })).toMatch(/^XRAY_SAMPLING_RATE must be a decimal from 0 to 1.00/);
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_SAMPLING_RULE_MANIFEST: '/etc/v1.json' }, { '/etc/v1.json': { version: 1, default: {} } })).toMatch(/^XRAY_SAMPLING_RULE_MANIFEST=\/etc\/v1.json must be a version 2/);
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_SAMPLING_RULE_MANIFEST: '/etc/none.json' })).toMatch(/^XRAY_SAMPLING_RULE_MANIFEST=\/etc\/none.json cannot be read/);
  });

  it('ENABLE_ENVOY_DATADOG_TRACING gives the Datadog tracer and its datadog_agent cluster, named by DD_SERVICE', () => {
    const bootstrap = bootstrapFor({ ENABLE_ENVOY_DATADOG_TRACING: '1', DATADOG_TRACER_ADDRESS: 'datadog-agent.local', DATADOG_TRACER_PORT: '8127' });
    expect(bootstrap['tracing']).toEqual({ http: { name: 'envoy.tracers.datadog', typed_config: { '@type': 'type.googleapis.com/envoy.config.trace.v3.DatadogConfig', collector_cluster: 'datadog_agent', service_name: 'envoy-shop/cart-v1' } } });
    const cluster = (at(bootstrap, 'static_resources', 'clusters') as Json[]).find((c) => c['name'] === 'datadog_agent');
    expect(cluster).toMatchObject({ type: 'STRICT_DNS', connect_timeout: '1s' });
    expect(JSON.stringify(cluster)).toContain('{"socket_address":{"address":"datadog-agent.local","port_value":8127}}');
    expect(at(bootstrapFor({ ENABLE_ENVOY_DATADOG_TRACING: '1', DD_SERVICE: 'cart' }), 'tracing', 'http', 'typed_config', 'service_name')).toBe('cart');
  });

  it('ENABLE_ENVOY_JAEGER_TRACING gives the Zipkin-compatible tracer and its jaeger cluster, PROTO unless JAEGER_TRACER_VERSION=JSON', () => {
    const bootstrap = bootstrapFor({ ENABLE_ENVOY_JAEGER_TRACING: '1' });
    expect(bootstrap['tracing']).toEqual({
      http: {
        name: 'envoy.tracers.zipkin',
        typed_config: { '@type': 'type.googleapis.com/envoy.config.trace.v3.ZipkinConfig', collector_cluster: 'jaeger', collector_endpoint: '/api/v2/spans', collector_endpoint_version: 'HTTP_PROTO', shared_span_context: false },
      },
    });
    expect(JSON.stringify((at(bootstrap, 'static_resources', 'clusters') as Json[]).find((c) => c['name'] === 'jaeger'))).toContain('{"address":"127.0.0.1","port_value":9411}');
    expect(at(bootstrapFor({ ENABLE_ENVOY_JAEGER_TRACING: '1', JAEGER_TRACER_VERSION: 'json' }), 'tracing', 'http', 'typed_config', 'collector_endpoint_version')).toBe('HTTP_JSON');
    expect(errorOf({ ENABLE_ENVOY_JAEGER_TRACING: '1', JAEGER_TRACER_VERSION: 'thrift' })).toMatch(/^JAEGER_TRACER_VERSION must be PROTO or JSON/);
  });

  it('refuses two tracers at once, naming both variables', () => {
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', ENABLE_ENVOY_JAEGER_TRACING: '1' })).toMatch(/ENABLE_ENVOY_XRAY_TRACING and ENABLE_ENVOY_JAEGER_TRACING/);
    expect(errorOf({ ENABLE_ENVOY_DATADOG_TRACING: 'true', ENABLE_ENVOY_JAEGER_TRACING: 'true' })).toMatch(/ENABLE_ENVOY_DATADOG_TRACING and ENABLE_ENVOY_JAEGER_TRACING/);
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: 'yes please' })).toMatch(/^ENABLE_ENVOY_XRAY_TRACING must be true or false/);
  });
});
