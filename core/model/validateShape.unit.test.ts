import { describe, expect, it } from 'vitest';
import { validateInput, validateShape, type ValidationIssue } from './validateShape.js';
import { crossFieldShapeNames } from './crossFieldRules.js';
import { operations, shapeNames, shapeOf } from './serviceModel.js';

// Builders return fresh objects so each test can mutate its own copy.
const target = (virtualNode: string, weight: number, port?: number) =>
  port === undefined ? { virtualNode, weight } : { virtualNode, weight, port };
const httpRoute = (over: Record<string, unknown> = {}) => ({
  match: { prefix: '/' },
  action: { weightedTargets: [target('a', 1)] },
  ...over,
});
const routeInput = (spec: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  meshName: 'mesh',
  virtualRouterName: 'router',
  routeName: 'route',
  spec,
  ...over,
});
const gatewayRouteInput = (httpRoute: Record<string, unknown>) => ({
  meshName: 'mesh',
  virtualGatewayName: 'gw',
  gatewayRouteName: 'gr',
  spec: { httpRoute: { action: { target: { virtualService: { virtualServiceName: 'svc' } } }, ...httpRoute } },
});
const listener = (port: number, protocol = 'http') => ({ portMapping: { port, protocol } });
const nodeInput = (spec: Record<string, unknown>) => ({ meshName: 'mesh', virtualNodeName: 'node', spec });

function expectIssue(issue: ValidationIssue | undefined, path: string, fragment: string): void {
  expect(issue).toBeDefined();
  expect(issue?.path).toBe(path);
  expect(issue?.message.startsWith(`${path === '' ? 'input' : path}: `)).toBe(true);
  expect(issue?.message).toContain(fragment);
}

describe('model rules', () => {
  it('accepts a minimal valid http route', () => {
    expect(validateInput('CreateRouteInput', routeInput({ httpRoute: httpRoute() }))).toBeUndefined();
  });

  it('rejects an input that is not a plain object', () => {
    expectIssue(validateInput('CreateMeshInput', []), '', 'must be an object (got array)');
    expect(validateInput('CreateMeshInput', null)?.message).toBe('input: must be an object (got null)');
    expectIssue(validateInput('CreateMeshInput', { meshName: 'm', spec: new Map() }), 'spec', 'must be an object');
  });

  it('rejects wrong primitive types with the full path', () => {
    const badWeight = routeInput({ httpRoute: httpRoute({ action: { weightedTargets: [target('a', 1), { virtualNode: 'b', weight: '2' }] } }) });
    expectIssue(validateInput('CreateRouteInput', badWeight), 'spec.httpRoute.action.weightedTargets[1].weight', 'must be an integer (got string)');
    const badBool = routeInput({ httpRoute: httpRoute({ match: { prefix: '/', headers: [{ name: 'x', invert: 'yes' }] } }) });
    expectIssue(validateInput('CreateRouteInput', badBool), 'spec.httpRoute.match.headers[0].invert', 'must be a boolean');
    expectIssue(validateInput('CreateMeshInput', { meshName: 7 }), 'meshName', 'must be a string (got number)');
  });

  it('rejects non-integer numbers for integer and long shapes', () => {
    const r = routeInput({ httpRoute: httpRoute({ action: { weightedTargets: [target('a', 1.5)] } }) });
    expectIssue(validateInput('CreateRouteInput', r), 'spec.httpRoute.action.weightedTargets[0].weight', 'must be an integer (got 1.5)');
    expectIssue(validateShape('Long', Number.NaN, 'n'), 'n', 'must be an integer');
  });

  it('accepts epoch-number and ISO timestamps and rejects anything else', () => {
    expect(validateShape('Timestamp', 1700000000.5, 't')).toBeUndefined();
    expect(validateShape('Timestamp', '2024-01-02T03:04:05.678Z', 't')).toBeUndefined();
    expectIssue(validateShape('Timestamp', 'yesterday', 't'), 't', 'must be a timestamp');
    expectIssue(validateShape('Timestamp', true, 't'), 't', 'must be a timestamp');
  });

  it('rejects unknown fields, before reporting missing required ones', () => {
    expectIssue(validateInput('CreateMeshInput', { meshname: 'm' }), 'meshname', 'unknown field');
    const r = routeInput({ httpRoute: httpRoute({ retries: 3 }) });
    expectIssue(validateInput('CreateRouteInput', r), 'spec.httpRoute.retries', 'unknown field');
  });

  it('rejects missing or null required members and treats null optional members as absent', () => {
    expectIssue(validateInput('CreateMeshInput', {}), 'meshName', 'is required');
    expectIssue(validateInput('CreateMeshInput', { meshName: null }), 'meshName', 'is required');
    expect(validateInput('CreateMeshInput', { meshName: 'm', spec: null, tags: null })).toBeUndefined();
    const r = routeInput({ httpRoute: { match: { prefix: '/' } } });
    expectIssue(validateInput('CreateRouteInput', r), 'spec.httpRoute.action', 'is required');
  });

  it('reports the first problem depth first in member declaration order', () => {
    const r = { virtualRouterName: 'router', routeName: 'route', spec: { httpRoute: 5 } };
    expectIssue(validateInput('CreateRouteInput', r), 'meshName', 'is required');
  });

  it('enforces string length limits in characters, not UTF-16 units', () => {
    expectIssue(validateInput('CreateMeshInput', { meshName: '' }), 'meshName', 'must be at least 1 character long (got 0)');
    expectIssue(validateInput('CreateMeshInput', { meshName: 'a'.repeat(256) }), 'meshName', 'must be at most 255 characters long (got 256)');
    const tags = (value: string) => ({ resourceArn: 'arn', tags: [{ key: 'k', value }] });
    expect(validateInput('TagResourceInput', tags('😀'.repeat(256)))).toBeUndefined();
    expectIssue(validateInput('TagResourceInput', tags('😀'.repeat(257))), 'tags[0].value', 'at most 256 characters');
  });

  it('enforces the name pattern on ResourceName and ServiceName', () => {
    expectIssue(validateInput('CreateMeshInput', { meshName: 'my mesh' }), 'meshName', 'may contain only letters');
    expectIssue(validateInput('CreateMeshInput', { meshName: '..' }), 'meshName', "may not be '.' or '..'");
    expect(validateInput('CreateMeshInput', { meshName: 'my_mesh-1.prod' })).toBeUndefined();
    const svc = (virtualServiceName: string) => ({ meshName: 'm', virtualServiceName, spec: {} });
    expect(validateInput('CreateVirtualServiceInput', svc('svc.ns.svc.cluster.local'))).toBeUndefined();
    expectIssue(validateInput('CreateVirtualServiceInput', svc('svc/x')), 'virtualServiceName', 'may contain only');
  });

  it('enforces patterns that come from the model', () => {
    const cloudMap = (key: string) =>
      nodeInput({ serviceDiscovery: { awsCloudMap: { namespaceName: 'ns', serviceName: 's', attributes: [{ key, value: 'v' }] } } });
    expect(validateInput('CreateVirtualNodeInput', cloudMap('stage'))).toBeUndefined();
    expectIssue(validateInput('CreateVirtualNodeInput', cloudMap('a b')), 'spec.serviceDiscovery.awsCloudMap.attributes[0].key', 'must match ^[a-zA-Z0-9!-~]+$');
  });

  it('rejects values outside an enum', () => {
    const n = nodeInput({ listeners: [listener(8080, 'udp')] });
    expectIssue(validateInput('CreateVirtualNodeInput', n), 'spec.listeners[0].portMapping.protocol', 'must be one of http, tcp, http2, grpc (got "udp")');
  });

  it('enforces list size limits', () => {
    const many = Array.from({ length: 11 }, (_, i) => target(`n${i}`, 1));
    const tooMany = routeInput({ httpRoute: httpRoute({ action: { weightedTargets: many } }) });
    expect(validateInput('CreateRouteInput', tooMany)?.message).toBe('spec.httpRoute.action.weightedTargets: must have at most 10 items (got 11)');
    const none = routeInput({ httpRoute: httpRoute({ action: { weightedTargets: [] } }) });
    expectIssue(validateInput('CreateRouteInput', none), 'spec.httpRoute.action.weightedTargets', 'must have at least 1 item (got 0)');
    expect(validateInput('CreateRouteInput', routeInput({ httpRoute: httpRoute({ action: { weightedTargets: many.slice(1) } }) }))).toBeUndefined();
  });

  it('enforces numeric ranges', () => {
    const heavy = routeInput({ httpRoute: httpRoute({ action: { weightedTargets: [target('a', 101)] } }) });
    expectIssue(validateInput('CreateRouteInput', heavy), 'spec.httpRoute.action.weightedTargets[0].weight', 'must be at most 100 (got 101)');
    expectIssue(validateInput('CreateVirtualNodeInput', nodeInput({ listeners: [listener(0)] })), 'spec.listeners[0].portMapping.port', 'must be at least 1 (got 0)');
    expect(validateInput('CreateRouteInput', routeInput({ httpRoute: httpRoute(), priority: 1000 }))).toBeUndefined();
  });

  it('requires exactly one member of a union', () => {
    const header = (match: unknown) => routeInput({ httpRoute: httpRoute({ match: { prefix: '/', headers: [{ name: 'x', match }] } }) });
    expect(validateInput('CreateRouteInput', header({ exact: 'v' }))).toBeUndefined();
    expectIssue(validateInput('CreateRouteInput', header({ exact: 'v', prefix: 'p' })), 'spec.httpRoute.match.headers[0].match', 'must set exactly one of exact, prefix, range, regex, suffix (got exact, prefix)');
    expectIssue(validateInput('CreateRouteInput', header({})), 'spec.httpRoute.match.headers[0].match', '(got none)');
  });

  it('limits clientToken to 64 letters, digits, hyphens and underscores', () => {
    expect(validateInput('CreateMeshInput', { meshName: 'm', clientToken: 'a-_9'.repeat(16) })).toBeUndefined();
    expectIssue(validateInput('CreateMeshInput', { meshName: 'm', clientToken: 'a'.repeat(65) }), 'clientToken', 'at most 64 characters');
    expectIssue(validateInput('CreateMeshInput', { meshName: 'm', clientToken: 'a.b' }), 'clientToken', 'may contain only letters, digits');
  });

  it('validates uri and querystring members merged into the input', () => {
    expectIssue(validateInput('CreateRouteInput', routeInput({ httpRoute: httpRoute() }, { meshOwner: '123' })), 'meshOwner', 'at least 12 characters');
    expectIssue(validateInput('ListMeshesInput', { limit: 101 }), 'limit', 'must be at most 100');
  });
});

describe('cross-field rules', () => {
  const route = (r: Record<string, unknown>) => validateInput('CreateRouteInput', routeInput({ httpRoute: r }));

  it('accepts an http route matching on prefix or on path', () => {
    expect(route(httpRoute({ match: { prefix: '/api' } }))).toBeUndefined();
    expect(route(httpRoute({ match: { path: { exact: '/health' } } }))).toBeUndefined();
    expect(route(httpRoute({ match: { path: { regex: '^/v[0-9]+' } } }))).toBeUndefined();
  });

  it('rejects an http route match without prefix, path or port', () => {
    expectIssue(route(httpRoute({ match: { method: 'GET' } })), 'spec.httpRoute.match.prefix', 'match.prefix');
    const h2 = validateInput('CreateRouteInput', routeInput({ http2Route: httpRoute({ match: {} }) }));
    expectIssue(h2, 'spec.http2Route.match.prefix', 'match.prefix, match.path or match.port');
  });

  it('accepts http, http2 and grpc route matches on the listener port alone', () => {
    expect(route(httpRoute({ match: { port: 8080 } }))).toBeUndefined();
    expect(validateInput('CreateRouteInput', routeInput({ http2Route: httpRoute({ match: { port: 8080, method: 'GET' } }) }))).toBeUndefined();
    expect(validateInput('CreateRouteInput', routeInput({ grpcRoute: httpRoute({ match: { port: 8080 } }) }))).toBeUndefined();
  });

  it('rejects http route prefixes and exact paths that do not start with a slash', () => {
    expectIssue(route(httpRoute({ match: { prefix: 'api' } })), 'spec.httpRoute.match.prefix', 'must start with /');
    expectIssue(route(httpRoute({ match: { path: { exact: 'health' } } })), 'spec.httpRoute.match.path.exact', 'must start with /');
  });

  it('rejects a path match with both or neither of exact and regex', () => {
    expectIssue(route(httpRoute({ match: { path: { exact: '/a', regex: '/b' } } })), 'spec.httpRoute.match.path', 'exactly one of exact, regex');
    expectIssue(route(httpRoute({ match: { path: {} } })), 'spec.httpRoute.match.path', '(got none)');
    expectIssue(route(httpRoute({ match: { prefix: '/', path: { exact: '/a' } } })), 'spec.httpRoute.match.path', 'cannot be set together');
  });

  it('accepts gateway route matches on hostname alone and rejects prefix with path', () => {
    const gr = (match: unknown) => validateInput('CreateGatewayRouteInput', gatewayRouteInput({ match }));
    expect(gr({ hostname: { suffix: 'example.com' } })).toBeUndefined();
    expect(gr({ prefix: '/api/' })).toBeUndefined();
    expectIssue(gr({ prefix: '/', path: { exact: '/a' } }), 'spec.httpRoute.match.path', 'cannot be set together with match.prefix');
    expectIssue(gr({ prefix: 'api' }), 'spec.httpRoute.match.prefix', 'must start with /');
  });

  it('requires gateway prefix rewrites to start and end with a slash', () => {
    const gr = (rewrite: unknown) =>
      validateInput('CreateGatewayRouteInput', gatewayRouteInput({
        match: { prefix: '/v1/' },
        action: { target: { virtualService: { virtualServiceName: 'svc' } }, rewrite },
      }));
    expect(gr({ prefix: { value: '/v2/' } })).toBeUndefined();
    expect(gr({ prefix: { defaultPrefix: 'DISABLED' } })).toBeUndefined();
    expectIssue(gr({ prefix: { value: '/v2' } }), 'spec.httpRoute.action.rewrite.prefix.value', 'must start and end with /');
    expectIssue(gr({ path: { exact: 'v2' } }), 'spec.httpRoute.action.rewrite.path.exact', 'must start with /');
  });

  it('requires both value and unit in a duration', () => {
    const timeout = (idle: unknown) => route(httpRoute({ timeout: { idle } }));
    expect(timeout({ value: 15, unit: 's' })).toBeUndefined();
    expectIssue(timeout({ value: 15 }), 'spec.httpRoute.timeout.idle.unit', 'is required when a duration is given');
    expectIssue(timeout({ unit: 'ms' }), 'spec.httpRoute.timeout.idle.value', 'is required');
    expectIssue(timeout({ value: -1, unit: 's' }), 'spec.httpRoute.timeout.idle.value', 'must be at least 0');
    expectIssue(timeout({ value: 1, unit: 'm' }), 'spec.httpRoute.timeout.idle.unit', 'must be one of s, ms');
  });

  it('rejects a header range whose start is not below its end', () => {
    const range = (r: unknown) => route(httpRoute({ match: { prefix: '/', headers: [{ name: 'x', match: { range: r } }] } }));
    expect(range({ start: 1, end: 5 })).toBeUndefined();
    expectIssue(range({ start: 5, end: 5 }), 'spec.httpRoute.match.headers[0].match.range', 'start must be less than end');
  });

  it('rejects a route whose weights sum to zero', () => {
    const r = route(httpRoute({ action: { weightedTargets: [target('a', 0), target('b', 0)] } }));
    expect(r?.message).toBe('spec.httpRoute.action.weightedTargets: weights must sum to more than 0');
    expect(route(httpRoute({ action: { weightedTargets: [target('a', 0), target('b', 1)] } }))).toBeUndefined();
  });

  it('rejects the same virtual node and port twice in weighted targets', () => {
    const tcp = (weightedTargets: unknown) => validateInput('CreateRouteInput', routeInput({ tcpRoute: { action: { weightedTargets } } }));
    expect(tcp([target('a', 1, 80), target('a', 1, 81)])).toBeUndefined();
    expectIssue(tcp([target('a', 1, 80), target('b', 1), target('a', 1, 80)]), 'spec.tcpRoute.action.weightedTargets[2].virtualNode', 'duplicate target "a" port 80 (also at [0])');
    expectIssue(tcp([target('a', 1), target('a', 2)]), 'spec.tcpRoute.action.weightedTargets[1].virtualNode', 'duplicate target "a"');
  });

  it('requires retry policies to name at least one retry event kind', () => {
    const base = { maxRetries: 2, perRetryTimeout: { value: 1, unit: 's' } };
    expect(route(httpRoute({ retryPolicy: { ...base, tcpRetryEvents: ['connection-error'] } }))).toBeUndefined();
    expectIssue(route(httpRoute({ retryPolicy: base })), 'spec.httpRoute.retryPolicy', 'must set at least one of httpRetryEvents, tcpRetryEvents');
    const grpc = (retryPolicy: unknown) =>
      validateInput('CreateRouteInput', routeInput({ grpcRoute: { match: { serviceName: 'pkg.Svc' }, action: { weightedTargets: [target('a', 1)] }, retryPolicy } }));
    expect(grpc({ ...base, grpcRetryEvents: ['unavailable'] })).toBeUndefined();
    expectIssue(grpc(base), 'spec.grpcRoute.retryPolicy', 'grpcRetryEvents, httpRetryEvents, tcpRetryEvents');
  });

  it('rejects two listeners on the same port', () => {
    expect(validateInput('CreateVirtualNodeInput', nodeInput({ listeners: [listener(8080), listener(9090, 'grpc')] }))).toBeUndefined();
    expectIssue(validateInput('CreateVirtualNodeInput', nodeInput({ listeners: [listener(8080), listener(8080, 'tcp')] })), 'spec.listeners[1].portMapping.port', 'duplicate listener port 8080 (also at [0])');
    const gw = { meshName: 'mesh', virtualGatewayName: 'gw', spec: { listeners: [listener(443), listener(443)] } };
    expectIssue(validateInput('CreateVirtualGatewayInput', gw), 'spec.listeners[1].portMapping.port', 'duplicate listener port 443');
  });

  it('rejects a virtual gateway listener on 15001, the port of its own egress hop, and keeps it open to virtual nodes', () => {
    const gw = (port: number) => ({ meshName: 'mesh', virtualGatewayName: 'gw', spec: { listeners: [listener(8080), listener(port)] } });
    expectIssue(validateInput('CreateVirtualGatewayInput', gw(15001)), 'spec.listeners[1].portMapping.port', "15001 is the port of the gateway's own egress hop");
    expect(validateInput('CreateVirtualGatewayInput', gw(15002))).toBeUndefined();
    expect(validateInput('CreateVirtualNodeInput', nodeInput({ listeners: [listener(15001)] }))).toBeUndefined();
  });

  it('rejects duplicate tag keys', () => {
    expect(validateInput('TagResourceInput', { resourceArn: 'arn', tags: [{ key: 'env', value: 'a' }, { key: 'team', value: 'b' }] })).toBeUndefined();
    const dup = { resourceArn: 'arn', tags: [{ key: 'env', value: 'a' }, { key: 'env', value: 'b' }] };
    expectIssue(validateInput('TagResourceInput', dup), 'tags[1].key', 'duplicate tag key "env" (also at [0])');
    expectIssue(validateInput('CreateMeshInput', { meshName: 'm', tags: dup.tags }), 'tags[1].key', 'duplicate tag key');
  });

  it('leaves cross-field rules out of validateShape', () => {
    const zero = routeInput({ httpRoute: httpRoute({ action: { weightedTargets: [target('a', 0)] } }) });
    expect(validateShape('CreateRouteInput', zero, '')).toBeUndefined();
    expect(validateInput('CreateRouteInput', zero)).toBeDefined();
  });
});

describe('model coverage', () => {
  it('knows every shape type used by the model', () => {
    const kinds = new Set(shapeNames.map((n) => shapeOf(n).type));
    expect([...kinds].sort()).toEqual(['boolean', 'integer', 'list', 'long', 'string', 'structure', 'timestamp']);
  });

  it('validates any value against every shape without throwing', () => {
    const samples: unknown[] = [{}, [], [{}], '', 'x', 0, 1.5, true, null, undefined];
    for (const name of shapeNames) {
      for (const sample of samples) {
        for (const issue of [validateShape(name, sample, 'v'), validateInput(name, sample)]) {
          if (issue !== undefined) expect(typeof issue.message).toBe('string');
        }
      }
    }
  });

  it('wires cross-field rules only to shapes that exist', () => {
    for (const name of crossFieldShapeNames) expect(() => shapeOf(name)).not.toThrow();
  });

  it('resolves every operation input to a structure and rejects unknown shape names', () => {
    for (const op of Object.values(operations)) {
      if (op.input !== undefined) expect(shapeOf(op.input.shape).type).toBe('structure');
    }
    expect(() => shapeOf('NoSuchShape')).toThrow('unknown shape');
    expect(() => shapeOf('__proto__')).toThrow('unknown shape');
  });
  it('rejects a listener health check on another port than the listener serves', () => {
    const healthCheck = { protocol: 'http', path: '/ping', port: 9090, healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 };
    expectIssue(validateInput('CreateVirtualNodeInput', nodeInput({ listeners: [{ ...listener(8080), healthCheck }] })), 'spec.listeners[0].healthCheck.port', 'must match portMapping.port (8080)');
    expect(validateInput('CreateVirtualNodeInput', nodeInput({ listeners: [{ ...listener(9090), healthCheck }] }))).toBeUndefined();
  });
});
