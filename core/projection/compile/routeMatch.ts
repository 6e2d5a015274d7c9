import type { GrpcRoute, HeaderMatchMethod, HttpRoute, HttpRouteMatch } from '../../model/appMeshTypes.js';

type Json = Record<string, unknown>;

/** An App Mesh header (or gRPC metadata) match as an Envoy HeaderMatcher. */
export function headerMatcher(name: string, match: HeaderMatchMethod | undefined, invert: boolean | undefined): Json {
  const out: Json = { name };
  if (!match) out['presentMatch'] = true;
  else if (match.range) out['rangeMatch'] = { start: match.range.start, end: match.range.end };
  else out['stringMatch'] = stringMatcher(match);
  if (invert) out['invertMatch'] = true;
  return out;
}

function stringMatcher(match: HeaderMatchMethod): Json {
  if (match.exact !== undefined) return { exact: match.exact };
  if (match.prefix !== undefined) return { prefix: match.prefix };
  if (match.suffix !== undefined) return { suffix: match.suffix };
  return { safeRegex: { regex: match.regex ?? '' } };
}

/** App Mesh's HTTP route match (path, headers, method, scheme, query) as an Envoy RouteMatch. */
export function httpRouteMatch(match: HttpRouteMatch): Json {
  const out: Json = {};
  if (match.path?.exact !== undefined) out['path'] = match.path.exact;
  else if (match.path?.regex !== undefined) out['safeRegex'] = { regex: match.path.regex };
  else out['prefix'] = match.prefix ?? '/';
  const headers = (match.headers ?? []).map((h) => headerMatcher(h.name, h.match, h.invert));
  if (match.method) headers.push({ name: ':method', stringMatch: { exact: match.method } });
  if (match.scheme) headers.push({ name: ':scheme', stringMatch: { exact: match.scheme } });
  if (headers.length) out['headers'] = headers;
  const query = (match.queryParameters ?? []).map((q) => (q.match?.exact !== undefined ? { name: q.name, stringMatch: { exact: q.match.exact } } : { name: q.name, presentMatch: true }));
  if (query.length) out['queryParameters'] = query;
  return out;
}

/** gRPC routes match `/<service>/<method>` paths and metadata (request headers). */
export function grpcRouteMatch(match: GrpcRoute['match']): Json {
  const out: Json = {};
  if (match.serviceName && match.methodName) out['path'] = `/${match.serviceName}/${match.methodName}`;
  else if (match.serviceName) out['prefix'] = `/${match.serviceName}/`;
  else out['prefix'] = '/';
  const headers = (match.metadata ?? []).map((m) => headerMatcher(m.name, m.match, m.invert));
  if (headers.length) out['headers'] = headers;
  // Envoy routes only gRPC requests here; grpc clients send content-type application/grpc.
  out['grpc'] = {};
  return out;
}

export function isHttpRoute(spec: HttpRoute | GrpcRoute | object, type: string): spec is HttpRoute {
  return type === 'httpRoute' || type === 'http2Route';
}
