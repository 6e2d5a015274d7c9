// The image's *_FILE variables (custom stats, sinks, tracing, extra
// resources, a whole bootstrap), and App Mesh task definitions from
// aws-app-mesh-examples, through Weft's bootstrap.
import { describe, expect, it } from 'vitest';
import { envoyBootstrap } from '../../proxy-agent/envoy/bootstrap.js';
import { userBootstrap } from '../../proxy-agent/envoy/bootstrapFiles.js';
import type { Env } from '../../proxy-agent/envoy/imageEnvironment.js';
import { imageEnvironment } from '../../proxy-agent/envoy/imageEnvironment.js';
import { parseNodeIdentity } from '../../proxy-agent/nodeIdentity.js';
import { roundTrip } from './bootstrapProto.js';
import { filesOf, startupErrorOf } from './imageEnvironmentSupport.js';

type Json = Record<string, unknown>;

const node = { mesh: 'shop', kind: 'virtualNode', name: 'cart-v1' } as const;
function bootstrapFor(env: Env, files: Record<string, unknown> = {}, identity = parseNodeIdentity(env['APPMESH_RESOURCE_ARN'] ?? 'mesh/shop/virtualNode/cart-v1')): Json {
  const bootstrap = envoyBootstrap({ identity, xdsAddress: '127.0.0.1:15010', image: imageEnvironment(env, filesOf(files)) });
  const { sent, received, error } = roundTrip(bootstrap);
  expect(error).toBeNull();
  expect(received).toEqual(sent);
  return bootstrap;
}

const errorOf = (env: Env, files: Record<string, unknown> = {}) => startupErrorOf(node, env, files);

const customStats = { stats_config: { stats_tags: [{ tag_name: 'team', fixed_value: 'payments' }], use_all_default_tags: false } };
const statsdSink = { name: 'envoy.stat_sinks.dog_statsd', typed_config: { '@type': 'type.googleapis.com/envoy.config.metrics.v3.DogStatsdSink', address: { socket_address: { protocol: 'UDP', address: '10.0.0.5', port_value: 8125 } } } };
const clusterNames = (bootstrap: Json) => ((bootstrap['static_resources'] as Json)['clusters'] as Json[]).map((c) => c['name']);

describe("the image's *_FILE variables", () => {
  it('ENVOY_STATS_CONFIG_FILE replaces the generated stats_config, tags and all', () => {
    const bootstrap = bootstrapFor({ ENVOY_STATS_CONFIG_FILE: '/etc/stats.json', ENABLE_ENVOY_STATS_TAGS: '1', APPMESH_METRIC_EXTENSION_VERSION: '1' }, { '/etc/stats.json': customStats });
    expect(bootstrap['stats_config']).toEqual(customStats.stats_config);
    // camelCase, as the image also read it
    expect(bootstrapFor({ ENVOY_STATS_CONFIG_FILE: '/etc/stats.json' }, { '/etc/stats.json': { statsConfig: customStats.stats_config } })['stats_config']).toEqual(customStats.stats_config);
  });

  it('ENVOY_STATS_SINKS_CFG_FILE replaces the generated DogStatsD sink, and must hold stats_sinks', () => {
    const bootstrap = bootstrapFor({ ENVOY_STATS_SINKS_CFG_FILE: '/etc/sinks.json', ENABLE_ENVOY_DOG_STATSD: '1' }, { '/etc/sinks.json': { stats_sinks: [statsdSink] } });
    expect(bootstrap['stats_sinks']).toEqual([statsdSink]);
    expect(errorOf({ ENVOY_STATS_SINKS_CFG_FILE: '/etc/sinks.json' }, { '/etc/sinks.json': { stats_config: {} } })).toBe('ENVOY_STATS_SINKS_CFG_FILE=/etc/sinks.json holds no stats_sinks');
  });

  it('ENVOY_TRACING_CFG_FILE replaces the generated tracer (and the image then never looked at the ENABLE_ENVOY_*_TRACING flags)', () => {
    const tracing = { http: { name: 'envoy.tracers.zipkin', typed_config: { '@type': 'type.googleapis.com/envoy.config.trace.v3.ZipkinConfig', collector_cluster: 'otel', collector_endpoint: '/api/v2/spans', collector_endpoint_version: 'HTTP_JSON' } } };
    const bootstrap = bootstrapFor({ ENVOY_TRACING_CFG_FILE: '/etc/tracing.json', ENABLE_ENVOY_XRAY_TRACING: '1' }, { '/etc/tracing.json': { tracing } });
    expect(bootstrap['tracing']).toEqual(tracing);
    expect(errorOf({ ENVOY_TRACING_CFG_FILE: '/etc/tracing.json' }, { '/etc/tracing.json': {} })).toBe('ENVOY_TRACING_CFG_FILE=/etc/tracing.json is empty');
  });

  it('ENVOY_RESOURCES_CONFIG_FILE appends static clusters and listeners and replaces other top-level keys', () => {
    const otel = { name: 'otel', type: 'STRICT_DNS', connect_timeout: '2s', load_assignment: { cluster_name: 'otel', endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 'otel.local', port_value: 4317 } } } }] }] } };
    const bootstrap = bootstrapFor({ ENVOY_RESOURCES_CONFIG_FILE: '/etc/resources.json' }, { '/etc/resources.json': { static_resources: { clusters: [otel] }, stats_flush_interval: '30s' } });
    expect(clusterNames(bootstrap)).toEqual(['xds_cluster', 'static_cluster_sds_unix_socket', 'otel']);
    expect(bootstrap['stats_flush_interval']).toBe('30s');
    // An empty resources file is ignored, as the image did.
    expect(clusterNames(bootstrapFor({ ENVOY_RESOURCES_CONFIG_FILE: '/etc/empty.json' }, { '/etc/empty.json': {} }))).toEqual(['xds_cluster', 'static_cluster_sds_unix_socket']);
  });

  it('refuses a second tracing or stats_config brought by a file, as the image did', () => {
    expect(errorOf({ ENABLE_ENVOY_XRAY_TRACING: '1', ENVOY_RESOURCES_CONFIG_FILE: '/etc/r.json' }, { '/etc/r.json': { tracing: { http: { name: 'x' } } } })).toBe('ENVOY_RESOURCES_CONFIG_FILE=/etc/r.json brings a second tracing: the bootstrap already has one');
    expect(errorOf({ ENVOY_RESOURCES_CONFIG_FILE: '/etc/r.json' }, { '/etc/r.json': customStats })).toMatch(/^ENVOY_RESOURCES_CONFIG_FILE=\/etc\/r.json brings a second stats_config/);
    expect(errorOf({ ENVOY_STATS_CONFIG_FILE: '/etc/s.json' }, { '/etc/s.json': { stats_config: {}, statsConfig: {} } })).toMatch(/holds both statsConfig and stats_config/);
  });

  it('reads JSON only and says so for YAML; an unreadable file names its variable', () => {
    expect(errorOf({ ENVOY_STATS_CONFIG_FILE: '/etc/stats.yaml' }, { '/etc/stats.yaml': 'stats_config:\n  use_all_default_tags: false\n' })).toMatch(/^ENVOY_STATS_CONFIG_FILE=\/etc\/stats.yaml is not JSON: Weft reads this file as JSON only, not YAML/);
    expect(errorOf({ ENVOY_STATS_SINKS_CFG_FILE: '/etc/missing.json' })).toMatch(/^ENVOY_STATS_SINKS_CFG_FILE=\/etc\/missing.json cannot be read: ENOENT/);
    expect(errorOf({ ENVOY_RESOURCES_CONFIG_FILE: '/etc/list.json' }, { '/etc/list.json': [] })).toBe('ENVOY_RESOURCES_CONFIG_FILE=/etc/list.json must hold a JSON object');
  });

  it('ENVOY_CONFIG_FILE: a bootstrap in it is used as it is; an empty one gets the generated bootstrap; a missing one is an error', () => {
    const image = (files: Record<string, unknown>) => [imageEnvironment({ ENVOY_CONFIG_FILE: '/etc/envoy.yaml' }, filesOf(files)), filesOf(files)] as const;
    expect(userBootstrap(...image({ '/etc/envoy.yaml': 'admin: {}\n' }))).toBe('admin: {}\n');
    expect(userBootstrap(...image({ '/etc/envoy.yaml': '' }))).toBeUndefined();
    expect(() => userBootstrap(...image({}))).toThrow(/^ENVOY_CONFIG_FILE=\/etc\/envoy.yaml cannot be read/);
    expect(userBootstrap(...([imageEnvironment({}, filesOf({})), filesOf({})] as const))).toBeUndefined();
  });

  it('APPNET_ENVOY_RESTART_COUNT and LISTENER_DRAIN_WAIT_TIME_S are read within their ranges', () => {
    expect(imageEnvironment({ APPNET_ENVOY_RESTART_COUNT: '10', LISTENER_DRAIN_WAIT_TIME_S: '110' }, filesOf({}))).toMatchObject({ restartCount: 10, drainSeconds: 110 });
    expect(imageEnvironment({ APPNET_ENVOY_RESTART_COUNT: '0', LISTENER_DRAIN_WAIT_TIME_S: '5' }, filesOf({}))).toMatchObject({ restartCount: 0, drainSeconds: 5 });
    expect(errorOf({ APPNET_ENVOY_RESTART_COUNT: '11' })).toBe("APPNET_ENVOY_RESTART_COUNT must be a whole number from 0 to 10, got '11'");
    expect(errorOf({ LISTENER_DRAIN_WAIT_TIME_S: '4' })).toBe("LISTENER_DRAIN_WAIT_TIME_S must be a whole number from 5 to 110, got '4'");
  });
});

describe('App Mesh task definitions from aws-app-mesh-examples', () => {
  // walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v2.yaml, the djapp virtual node's envoy container.
  it('howto-metrics-extension-ecs (DogStatsD + metric extension) gives the metrics extension bootstrap', () => {
    const env = { ENVOY_LOG_LEVEL: 'debug', ENABLE_ENVOY_DOG_STATSD: '1', APPMESH_METRIC_EXTENSION_VERSION: '1', APPMESH_RESOURCE_ARN: 'arn:aws:appmesh:us-west-2:123456789012:mesh/howto-metrics-extension/virtualNode/djapp' };
    expect(imageEnvironment(env, filesOf({})).logLevel).toBe('debug');
    const bootstrap = bootstrapFor(env);
    expect(bootstrap['node']).toMatchObject({ id: 'mesh/howto-metrics-extension/virtualNode/djapp', metadata: { 'aws.appmesh.metric_filter': { level: '1' } } });
    expect(((bootstrap['stats_config'] as Json)['stats_tags'] as Json[]).map((t) => [t['tag_name'], t['fixed_value']])).toEqual([
      ['TargetVirtualNode', undefined], ['TargetVirtualService', undefined], ['Mesh', 'howto-metrics-extension'], ['VirtualNode', 'djapp'],
      ['appmesh.listener_protocol', undefined], ['appmesh.listener_port', undefined], ['envoy_rds_route_config', undefined],
    ]);
    expect(bootstrap['stats_sinks']).toEqual([{ name: 'envoy.stat_sinks.dog_statsd', typed_config: { '@type': 'type.googleapis.com/envoy.config.metrics.v3.DogStatsdSink', address: { socket_address: { protocol: 'UDP', address: '127.0.0.1', port_value: 8125 } } } }]);
    expect(bootstrap['tracing']).toBeUndefined();
  });

  // The same walkthrough's gateway (djapp-v1.yaml: DogStatsD + stats tags), with X-Ray and the metric extension also on.
  it('a gateway with DogStatsD, stats tags, the metric extension and X-Ray gives all four', () => {
    const env = { ENABLE_ENVOY_DOG_STATSD: '1', ENABLE_ENVOY_XRAY_TRACING: '1', ENABLE_ENVOY_STATS_TAGS: '1', APPMESH_METRIC_EXTENSION_VERSION: '1', ENVOY_LOG_LEVEL: 'debug', APPMESH_RESOURCE_ARN: 'arn:aws:appmesh:us-west-2:123456789012:mesh/howto-metrics-extension/virtualGateway/gateway' };
    const bootstrap = bootstrapFor(env);
    expect(((bootstrap['stats_config'] as Json)['stats_tags'] as Json[]).slice(0, 6).map((t) => [t['tag_name'], t['fixed_value']])).toEqual([
      ['appmesh.mesh', 'howto-metrics-extension'], ['appmesh.virtual_gateway', 'gateway'],
      ['TargetVirtualNode', undefined], ['TargetVirtualService', undefined], ['Mesh', 'howto-metrics-extension'], ['VirtualGateway', 'gateway'],
    ]);
    expect((bootstrap['tracing'] as Json)['http']).toMatchObject({
      name: 'envoy.tracers.xray',
      typed_config: { daemon_endpoint: { protocol: 'UDP', address: '127.0.0.1', port_value: 2000 }, segment_name: 'howto-metrics-extension/gateway', segment_fields: { origin: 'AWS::AppMesh::Proxy', aws: { app_mesh: { mesh_name: 'howto-metrics-extension', virtual_node_name: 'gateway' } } } },
    });
    expect(bootstrap['stats_sinks']).toHaveLength(1);
  });
});
