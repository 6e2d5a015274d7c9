import { describe, expect, it } from 'vitest';
import { validateInput, type ValidationIssue } from './validateShape.js';
import { referenceKey, resourceKey } from '../adapters/dynamodb/stateKeys.js';
import { dynamoSortKeyMaxBytes, keysHolding, serviceNameMaxBytes } from './storeLimits.js';

const n255 = 'n'.repeat(255);
const arn = (path: string) => `arn:aws:appmesh:us-east-1:123456789012:${path}`;
const listener = (extra: Record<string, unknown>) => ({ portMapping: { port: 80, protocol: 'http' }, ...extra });
const node = (spec: Record<string, unknown>) => validateInput('CreateVirtualNodeInput', { meshName: 'm', virtualNodeName: 'n', spec });
const route = (httpRoute: Record<string, unknown>) =>
  validateInput('CreateRouteInput', { meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] }, ...httpRoute } } });
const outlier = (over: Record<string, unknown>) =>
  node({ listeners: [listener({ outlierDetection: { interval: { value: 10, unit: 's' }, baseEjectionDuration: { value: 30, unit: 's' }, maxEjectionPercent: 10, maxServerErrors: 5, ...over } })] });

function expectIssue(issue: ValidationIssue | undefined, path: string, fragment: string | RegExp): void {
  expect(issue?.path).toBe(path);
  expect(issue?.message).toMatch(fragment);
}

describe('what the state table can hold', () => {
  it('fits every key of a virtual service with the longest allowed name, and no longer', () => {
    // Built here from stateKeys.ts directly: a gateway route points at the service, the service at its provider.
    const keys = (name: string) => {
      const svc = { kind: 'virtualService', mesh: n255, name } as const;
      return [
        resourceKey(svc).sk,
        referenceKey(svc, { kind: 'gatewayRoute', mesh: n255, parent: n255, name: n255 }).sk,
        referenceKey({ kind: 'virtualNode', mesh: n255, name: n255 }, svc).sk,
        referenceKey({ kind: 'virtualRouter', mesh: n255, name: n255 }, svc).sk,
        resourceKey(svc).pk,
      ];
    };
    const longest = (name: string) => Math.max(...keys(name).map((k) => Buffer.byteLength(k)));
    expect(longest('s'.repeat(serviceNameMaxBytes))).toBe(dynamoSortKeyMaxBytes);
    expect(longest('s'.repeat(serviceNameMaxBytes + 1))).toBeGreaterThan(dynamoSortKeyMaxBytes);
    expect(keysHolding({ kind: 'virtualService', mesh: n255, name: 's'.repeat(serviceNameMaxBytes) }).every((k) => Buffer.byteLength(k) <= dynamoSortKeyMaxBytes)).toBe(true);
  });

  it('fits the key of every other kind with 255-character names', () => {
    for (const id of [
      { kind: 'route', mesh: n255, parent: n255, name: n255 },
      { kind: 'gatewayRoute', mesh: n255, parent: n255, name: n255 },
      { kind: 'virtualGateway', mesh: n255, name: n255 },
    ] as const) {
      for (const key of keysHolding(id)) expect(Buffer.byteLength(key)).toBeLessThanOrEqual(dynamoSortKeyMaxBytes);
    }
  });

  it('refuses a virtual service name one byte over the limit, naming the field', () => {
    const input = (virtualServiceName: string) => validateInput('CreateVirtualServiceInput', { meshName: 'm', virtualServiceName, spec: {} });
    expect(input('s'.repeat(serviceNameMaxBytes))).toBeUndefined();
    expectIssue(input('s'.repeat(serviceNameMaxBytes + 1)), 'virtualServiceName', `must be at most ${serviceNameMaxBytes} bytes`);
    expectIssue(validateInput('DescribeVirtualServiceInput', { meshName: 'm', virtualServiceName: 's'.repeat(2000) }), 'virtualServiceName', /at most/);
  });

  it('refuses App Mesh ARNs whose names could not be given directly, and lets other ARNs through', () => {
    const tags = (resourceArn: string) => validateInput('ListTagsForResourceInput', { resourceArn });
    expect(tags(arn(`mesh/${n255}/virtualRouter/${n255}/route/${n255}`))).toBeUndefined();
    expect(tags(arn(`mesh/m/virtualService/${'s'.repeat(serviceNameMaxBytes)}`))).toBeUndefined();
    expect(tags('arn:aws:s3:::bucket/key')).toBeUndefined();
    expectIssue(tags(arn(`mesh/${'m'.repeat(256)}`)), 'resourceArn', /App Mesh resource ARN/);
    expectIssue(tags(arn(`mesh/m/virtualNode/${'n'.repeat(1500)}`)), 'resourceArn', /App Mesh resource ARN/);
    expectIssue(tags(arn('mesh/m/virtualNode/a#b')), 'resourceArn', /App Mesh resource ARN/);
    expectIssue(tags(arn('mesh/m/virtualNode/..')), 'resourceArn', /App Mesh resource ARN/);
    expectIssue(validateInput('TagResourceInput', { resourceArn: arn(`mesh/${'m'.repeat(3000)}`), tags: [] }), 'resourceArn', /ARN/);
  });

  it('refuses a nextToken longer than any this API issues', () => {
    expectIssue(validateInput('ListMeshesInput', { nextToken: 'a'.repeat(901) }), 'nextToken', /at most 900/);
    expectIssue(validateInput('ListRoutesInput', { meshName: 'm', virtualRouterName: 'r', nextToken: 'a b' }), 'nextToken', /not a token/);
  });

  it('refuses strings holding a lone surrogate', () => {
    expectIssue(validateInput('CreateMeshInput', { meshName: 'm', tags: [{ key: 'k\uD800', value: 'v' }] }), 'tags[0].key', /valid Unicode/);
    expect(validateInput('CreateMeshInput', { meshName: 'm', tags: [{ key: 'k\uD83D\uDE00', value: 'v' }] })).toBeUndefined();
  });
});

describe('numbers beyond what App Mesh or the store carries', () => {
  it('refuses an integer shape above 2^31 - 1 and a long above 2^53 - 1', () => {
    const pool = (maxConnections: number) => node({ listeners: [listener({ connectionPool: { http: { maxConnections } } })] });
    expect(pool(2147483647)).toBeUndefined();
    expectIssue(pool(4294967297), 'spec.listeners[0].connectionPool.http.maxConnections', 'must be at most 2147483647');
    const retries = (maxRetries: number) => route({ retryPolicy: { maxRetries, perRetryTimeout: { value: 1, unit: 's' }, httpRetryEvents: ['server-error'] } });
    expect(retries(5e9)).toBeUndefined();
    expectIssue(retries(1e21), 'spec.httpRoute.retryPolicy.maxRetries', `must be at most ${Number.MAX_SAFE_INTEGER}`);
    expectIssue(retries(1e300), 'spec.httpRoute.retryPolicy.maxRetries', 'must be at most');
  });

  it("refuses a duration past Envoy's 9223372036 s (its int64 milliseconds), in either unit", () => {
    const timeout = (perRequest: unknown) => route({ timeout: { perRequest } });
    expect(timeout({ value: 9223372036, unit: 's' })).toBeUndefined();
    expect(timeout({ value: 9223372036000, unit: 'ms' })).toBeUndefined();
    expectIssue(timeout({ value: 9223372037, unit: 's' }), 'spec.httpRoute.timeout.perRequest.value', "must be at most 9223372036 s, Envoy's longest duration");
    expectIssue(timeout({ value: 1e12, unit: 's' }), 'spec.httpRoute.timeout.perRequest.value', "must be at most 9223372036 s, Envoy's longest duration");
    expectIssue(timeout({ value: 9223372036001, unit: 'ms' }), 'spec.httpRoute.timeout.perRequest.value', 'must be at most 9223372036000 ms');
  });

  it('refuses an outlier detection interval or ejection duration of 0', () => {
    expect(outlier({})).toBeUndefined();
    expectIssue(outlier({ interval: { value: 0, unit: 'ms' } }), 'spec.listeners[0].outlierDetection.interval.value', 'must be greater than 0');
    expectIssue(outlier({ baseEjectionDuration: { value: 0, unit: 's' } }), 'spec.listeners[0].outlierDetection.baseEjectionDuration.value', 'must be greater than 0');
  });
});

describe('strings Envoy would refuse', () => {
  it('refuses regexes RE2 cannot compile, or that only JavaScript reads', () => {
    const path = (regex: string) => route({ match: { path: { regex } } });
    const header = (regex: string) => route({ match: { prefix: '/', headers: [{ name: 'x', match: { regex } }] } });
    expect(path('^/v[0-9]+/.*$')).toBeUndefined();
    expectIssue(path('/(?=a)'), 'spec.httpRoute.match.path.regex', /RE2 accepts .*\(\?=/);
    expectIssue(header('(a)\\1'), 'spec.httpRoute.match.headers[0].match.regex', /RE2 accepts/);
    expectIssue(header('\\u0041'), 'spec.httpRoute.match.headers[0].match.regex', /JavaScript-only/);
    // The same HeaderMatch shape carries exact values, which are not regexes.
    expect(route({ match: { prefix: '/', headers: [{ name: 'x', match: { exact: '(?=' } }] } })).toBeUndefined();
    const grpc = validateInput('CreateRouteInput', {
      meshName: 'm', virtualRouterName: 'r', routeName: 'x',
      spec: { grpcRoute: { match: { metadata: [{ name: 'x', match: { regex: 'a(?!b)' } }] }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } },
    });
    expectIssue(grpc, 'spec.grpcRoute.match.metadata[0].match.regex', /RE2/);
  });

  it('refuses empty DNS hostnames, SDS secret names and query parameter names', () => {
    expectIssue(node({ serviceDiscovery: { dns: { hostname: '' } } }), 'spec.serviceDiscovery.dns.hostname', 'at least 1 character');
    expectIssue(node({ serviceDiscovery: { dns: { hostname: 'a\r\nb' } } }), 'spec.serviceDiscovery.dns.hostname', 'NUL, CR or LF');
    expectIssue(node({ listeners: [listener({ tls: { mode: 'STRICT', certificate: { sds: { secretName: '' } } } })] }), 'spec.listeners[0].tls.certificate.sds.secretName', 'at least 1 character');
    expectIssue(route({ match: { prefix: '/', queryParameters: [{ name: '' }] } }), 'spec.httpRoute.match.queryParameters[0].name', 'at least 1 character');
    expectIssue(route({ match: { prefix: '/', queryParameters: [{ name: 'é'.repeat(600) }] } }), 'spec.httpRoute.match.queryParameters[0].name', 'at most 1024 bytes');
  });

  it("refuses header names with NUL, CR or LF and gateway hostnames with '*'", () => {
    expectIssue(route({ match: { prefix: '/', headers: [{ name: 'a\nb' }] } }), 'spec.httpRoute.match.headers[0].name', 'NUL, CR or LF');
    const gr = (hostname: unknown) =>
      validateInput('CreateGatewayRouteInput', { meshName: 'm', virtualGatewayName: 'g', gatewayRouteName: 'x', spec: { httpRoute: { match: { hostname }, action: { target: { virtualService: { virtualServiceName: 's' } } } } } });
    expect(gr({ exact: 'www.example.com' })).toBeUndefined();
    expectIssue(gr({ exact: '*' }), 'spec.httpRoute.match.hostname.exact', "may not contain '*'");
    expectIssue(gr({ suffix: '*.example.com' }), 'spec.httpRoute.match.hostname.suffix', "may not contain '*'");
  });
});
