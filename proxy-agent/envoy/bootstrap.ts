// The bootstrap the agent hands its Envoy: who the proxy is, where its ADS
// server is, and the few things xDS cannot deliver, shaped by the App Mesh
// Envoy image's environment (imageEnvironment.ts). Envoy's own JSON form
// (snake_case, as in an envoy.yaml), because Envoy reads it, not protobufjs.
// Pure: the options in, the bootstrap out.
import { isIP } from 'node:net';
import { sdsClusterName, sdsSocketPath } from '../../core/projection/compile/tls.js';
import { anyTypes } from '../../core/projection/envoy/typeUrls.js';
import type { NodeIdentity } from '../nodeIdentity.js';
import { envoyNodeIdOf } from '../nodeIdentity.js';
import { mergeFragment } from './bootstrapFragments.js';
import type { Env, ImageEnvironment } from './imageEnvironment.js';
import { flag, imageEnvironment, ImageEnvironmentError } from './imageEnvironment.js';
import { samplingManifestFileName, tracingOf } from './tracing.js';

export interface BootstrapOptions {
  readonly identity: NodeIdentity;
  /** The agent's ADS server, as the agent binds it: host:port or unix:/path. */
  readonly xdsAddress: string;
  /** What the image's environment asks for; an empty environment's defaults when absent. */
  readonly image?: ImageEnvironment;
  /** Overrides the image's ENVOY_ADMIN_ACCESS_PORT (the agent's --admin-port). */
  readonly adminPort?: number;
  /** Overrides the image's ENVOY_ADMIN_ACCESS_ENABLE_IPV6: admin on `::`, still reachable over IPv4. */
  readonly adminIpv6?: boolean;
  readonly region?: string;
  /** Where the XRAY_SAMPLING_RATE manifest is written: beside the bootstrap. */
  readonly samplingManifestPath?: string;
}

type Json = Record<string, unknown>;

export const xdsClusterName = 'xds_cluster';
export const defaultAdminPort = 9901;
export const dogStatsdSinkType = 'type.googleapis.com/envoy.config.metrics.v3.DogStatsdSink';

/**
 * The admin settings App Mesh's image took from its environment. A port
 * that is not one is an error, as in the image, rather than a silent 9901.
 */
export function adminFromEnv(env: Env): { adminPort: number; adminIpv6: boolean } {
  const port = env['ENVOY_ADMIN_ACCESS_PORT']?.trim();
  const adminPort = port === undefined || port === '' ? defaultAdminPort : /^\d+$/.test(port) ? Number(port) : NaN;
  if (!Number.isInteger(adminPort) || adminPort < 1 || adminPort > 65535) throw new ImageEnvironmentError(`ENVOY_ADMIN_ACCESS_PORT must be a port number (got '${port}')`);
  return { adminPort, adminIpv6: flag(env, 'ENVOY_ADMIN_ACCESS_ENABLE_IPV6') };
}

/**
 * Admin on all interfaces, as App Mesh's image served it (scrapers read
 * pod-ip:9901): 0.0.0.0, or `::` with IPv4 mapped in when IPv6 is asked for.
 * Anyone who can reach the port can read config and stats and drain or stop
 * Envoy, so restrict it at the network (security group, network policy).
 */
function adminAddress(port: number, ipv6: boolean): Json {
  return ipv6 ? { socket_address: { address: '::', port_value: port, ipv4_compat: true } } : socketAddress('0.0.0.0', port);
}

/**
 * The tags App Mesh's image always added, whatever ENABLE_ENVOY_STATS_TAGS
 * said: listener protocol and port (and route configuration) parsed out of
 * the `ingress.<protocol>.<port>` stat prefixes, so `http.ingress.http.8080.*`
 * reads as `http.ingress.*` tagged protocol `http` and port `8080`.
 */
const listenerStatsTags = [
  { tag_name: 'appmesh.listener_protocol', regex: '.*?\\.ingress\\.((\\w+?)\\.)[0-9]+?\\.(.+?)$' },
  { tag_name: 'appmesh.listener_port', regex: '.*?\\.ingress\\.\\w+?\\.(([0-9]+?)\\.)(.+?)$' },
  { tag_name: 'envoy_rds_route_config', regex: '.*?\\.ingress\\.\\w+?\\.[0-9]+?\\.rds\\.((.*?)\\.)(.+?)$' },
];

/** The name of the stats tag that carries the node's or gateway's name, as App Mesh's image set it. */
const nameTagOf = (kind: NodeIdentity['kind']) => (kind === 'virtualNode' ? 'appmesh.virtual_node' : 'appmesh.virtual_gateway');

/**
 * The metrics extension's tags (APPMESH_METRIC_EXTENSION_VERSION=1), in the
 * image's order: TargetVirtualService last, since virtual service names hold
 * dots and its regex takes everything up to the next M, V or T.
 */
const metricExtensionTags = (identity: NodeIdentity) => [
  { tag_name: 'TargetVirtualNode', regex: '^appmesh(?:\\..+?\\..+?)*(\\.TargetVirtualNode\\.(.+?))(?:\\..+?\\..+?)*\\.(?:.+)$' },
  { tag_name: 'TargetVirtualService', regex: '^appmesh(?:\\..+?\\..+?)*(\\.TargetVirtualService\\.([^MVT]+))(?:\\..+?\\..+?)*\\.(?:.+)$' },
  { tag_name: 'Mesh', fixed_value: identity.mesh },
  { tag_name: identity.kind === 'virtualNode' ? 'VirtualNode' : 'VirtualGateway', fixed_value: identity.name },
];

const defaultImage = imageEnvironment({}, () => '');

export function envoyBootstrap(options: BootstrapOptions): Json {
  const { identity } = options;
  const image = options.image ?? defaultImage;
  const nodeId = envoyNodeIdOf(identity);
  const nameTag = nameTagOf(identity.kind);
  const ads = { ads: {}, resource_api_version: 'V3', initial_fetch_timeout: `${image.initialFetchTimeoutSeconds}s` };
  const tracing = image.tracer && tracingOf(image.tracer, identity, options.samplingManifestPath ?? samplingManifestFileName);
  const generated: Json = {
    node: {
      id: nodeId,
      cluster: image.cluster ?? nodeId,
      // The stats tags' names again, so /server_info and the ADS server see the same vocabulary.
      metadata: {
        'appmesh.mesh': identity.mesh,
        [nameTag]: identity.name,
        ...(options.region ? { 'aws.region': options.region } : {}),
        ...(image.metricExtension ? { 'aws.appmesh.metric_filter': { level: '1' } } : {}),
      },
      ...(options.region ? { locality: { region: options.region } } : {}),
    },
    admin: {
      address: adminAddress(options.adminPort ?? image.adminPort, options.adminIpv6 ?? image.adminIpv6),
      access_log: [{ name: 'envoy.access_loggers.file', typed_config: { '@type': anyTypes.fileAccessLog, path: image.adminAccessLogPath } }],
    },
    dynamic_resources: {
      ads_config: {
        api_type: 'GRPC',
        transport_api_version: 'V3',
        grpc_services: [{ envoy_grpc: { cluster_name: xdsClusterName } }],
        set_node_on_first_message_only: true,
      },
      // App Mesh waited for its first config however long it took (0s = no
      // timeout) rather than start serving with none after Envoy's default 15 s.
      cds_config: ads,
      lds_config: ads,
    },
    static_resources: {
      clusters: [
        http2Cluster(xdsClusterName, xdsEndpoint(options.xdsAddress)),
        // Envoy only accepts a statically defined cluster behind an SDS config
        // source: a copy delivered over CDS would be too late and is ignored.
        http2Cluster(sdsClusterName, { type: 'STATIC', address: { pipe: { path: sdsSocketPath } } }),
        ...(tracing?.clusters ?? []),
      ],
    },
    ...(image.generateStatsConfig ? { stats_config: statsConfig(identity, image) } : {}),
    ...(image.statsFlushInterval ? { stats_flush_interval: image.statsFlushInterval } : {}),
    ...(image.dogStatsd ? { stats_sinks: [dogStatsdSink(image.dogStatsd)] } : {}),
    ...(tracing ? { tracing: tracing.tracing } : {}),
  };
  return image.fragments.reduce(mergeFragment, generated);
}

function statsConfig(identity: NodeIdentity, image: ImageEnvironment): Json {
  return {
    stats_tags: [
      // ENABLE_ENVOY_STATS_TAGS, off by default as in the image.
      ...(image.fixedStatsTags ? [{ tag_name: 'appmesh.mesh', fixed_value: identity.mesh }, { tag_name: nameTagOf(identity.kind), fixed_value: identity.name }] : []),
      ...(image.metricExtension ? metricExtensionTags(identity) : []),
      ...listenerStatsTags,
    ],
    use_all_default_tags: true,
  };
}

function dogStatsdSink(target: NonNullable<ImageEnvironment['dogStatsd']>): Json {
  const address = 'pipe' in target ? { pipe: { path: target.pipe } } : { socket_address: { protocol: 'UDP', address: target.udp.address, port_value: target.udp.port } };
  return { name: 'envoy.stat_sinks.dog_statsd', typed_config: { '@type': dogStatsdSinkType, address } };
}

/** JSON text, which Envoy's YAML loader reads as YAML: write it to a `.yaml` (or `.json`) file. */
export function renderBootstrap(bootstrap: Json): string {
  return `${JSON.stringify(bootstrap, null, 2)}\n`;
}

interface Endpoint {
  readonly type: 'STATIC' | 'STRICT_DNS';
  readonly address: Json;
}

function http2Cluster(name: string, endpoint: Endpoint): Json {
  return {
    name,
    type: endpoint.type,
    connect_timeout: '1s',
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': anyTypes.httpProtocolOptions,
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: endpoint.address } }] }] },
  };
}

/**
 * Where Envoy dials the agent. A wildcard bind address is not one to connect
 * to, so it becomes loopback; a STATIC cluster takes only IPs, so a host name
 * needs DNS.
 */
export function xdsEndpoint(xdsAddress: string): Endpoint {
  if (xdsAddress.startsWith('unix:')) {
    const path = xdsAddress.slice('unix:'.length).replace(/^\/\/(?=\/)/, ''); // unix:///p and unix:/p alike
    return { type: 'STATIC', address: { pipe: { path } } };
  }
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(xdsAddress);
  if (!match) throw new Error(`'${xdsAddress}' is not an xDS address: expected host:port or unix:/path`);
  const host = ({ '0.0.0.0': '127.0.0.1', '::': '::1', '': '127.0.0.1' } as Record<string, string>)[match[1] ?? ''] ?? match[1] ?? '';
  return { type: isIP(host) ? 'STATIC' : 'STRICT_DNS', address: socketAddress(host, Number(match[2])) };
}

const socketAddress = (address: string, port: number) => ({ socket_address: { address, port_value: port } });
