import { anyTypes } from '../envoy/typeUrls.js';
import { any } from '../envoy/proto.js';

type Json = Record<string, unknown>;

/** The HTTP filter chain Envoy runs for http, http2 and grpc listeners, with routes over ADS. */
export function httpConnectionManager(statPrefix: string, routeConfigName: string, extra: Json = {}): Json {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: any(anyTypes.httpConnectionManager, {
      statPrefix,
      rds: { routeConfigName, configSource: { ads: {}, resourceApiVersion: 'V3' } },
      httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: any(anyTypes.router, {}) }],
      ...extra,
    }),
  };
}

export function tcpProxy(statPrefix: string, route: Json, extra: Json = {}): Json {
  return { name: 'envoy.filters.network.tcp_proxy', typedConfig: any(anyTypes.tcpProxy, { statPrefix, ...route, ...extra }) };
}
