import { anyTypes } from '../envoy/typeUrls.js';
import { any, boolValue } from '../envoy/proto.js';

type Json = Record<string, unknown>;

/**
 * What App Mesh's management server set on every HTTP connection manager
 * (reference/appmesh-envoy.md section 4): a tracing block so spans are made
 * when the bootstrap names a tracer, websocket upgrades allowed, and paths
 * normalised (RFC 3986, duplicate slashes merged, escaped slashes left as
 * they are) before routes match them.
 */
const appMeshHttpOptions: Json = {
  tracing: {},
  upgradeConfigs: [{ upgradeType: 'websocket', enabled: boolValue(true) }],
  normalizePath: boolValue(true),
  mergeSlashes: true,
  pathWithEscapedSlashesAction: 'KEEP_UNCHANGED',
};

/** The HTTP filter chain Envoy runs for http, http2 and grpc listeners, with routes over ADS. */
export function httpConnectionManager(statPrefix: string, routeConfigName: string, extra: Json = {}): Json {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: any(anyTypes.httpConnectionManager, {
      statPrefix,
      rds: { routeConfigName, configSource: { ads: {}, resourceApiVersion: 'V3' } },
      httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: any(anyTypes.router, {}) }],
      ...appMeshHttpOptions,
      ...extra,
    }),
  };
}

export function tcpProxy(statPrefix: string, route: Json, extra: Json = {}): Json {
  return { name: 'envoy.filters.network.tcp_proxy', typedConfig: any(anyTypes.tcpProxy, { statPrefix, ...route, ...extra }) };
}
