// Test support: App Mesh API requests drawn from the service model. Every
// shape, member and constraint comes from core/model/serviceModel.ts; leaves
// are mostly valid (so many requests are accepted and compiled) and now and
// then sit just past an edge: lengths min-1 and max+1, integers up to 1e300,
// negatives, fractions, unicode, control characters, empty strings, wrong
// types, unknown members. Names that refer to other resources are drawn
// mostly from the scaffold the test creates first, so references resolve.
import fc from 'fast-check';
import type { ListShape, NumberShape, StringShape, StructureShape } from '../../core/model/serviceModel.js';
import { operations, shapeOf } from '../../core/model/serviceModel.js';

/** Names of the resources the test creates before drawing, by what refers to them. */
export interface ScaffoldNames {
  readonly mesh: string;
  readonly nodes: readonly string[];
  readonly routers: readonly string[];
  readonly services: readonly string[];
  readonly gateways: readonly string[];
  readonly ports: readonly number[];
  readonly arns: readonly string[];
}

/** One drawn request: an operation and its input, laid out as the model says. */
export interface DrawnRequest {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** What a case may do: create each kind, read and tag with drawn names. */
export const drawnOperations = [
  'CreateVirtualNode', 'CreateVirtualRouter', 'CreateRoute', 'CreateVirtualService', 'CreateVirtualGateway', 'CreateGatewayRoute', 'CreateMesh',
  'DescribeVirtualNode', 'DescribeVirtualService', 'DescribeRoute', 'ListTagsForResource', 'TagResource', 'UntagResource', 'ListVirtualNodes',
] as const;

const weightedOperations = drawnOperations.map((op) => ({ weight: op.startsWith('Create') ? (op === 'CreateMesh' ? 1 : 6) : 1, op }));

// --- leaves just past an edge ------------------------------------------------

const oddStrings = ['', ' ', '\u0000', 'a\r\nb', '\t', '\u007f', 'é', '日本', '\uD83D\uDE00', '\uD800', '\u202e', '/', '//', '*', '#', '..', '%2F', '{"a":1}', 'a'.repeat(256), 'x'.repeat(1500)];
const oddNumbers = [-1, 0, 1, 1.5, -0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32 + 1, 5e9, 2 ** 53 - 1, 2 ** 53 + 2, 1e12, 1e15, 1e21, 1e300, -1e300, Number.NaN];
const wrongTypes: unknown[] = [null, true, 'x', 7, [], {}, [1], { a: 1 }];

function stringEdges(shape: StringShape): fc.Arbitrary<unknown> {
  const lengths = [shape.min !== undefined ? shape.min - 1 : undefined, shape.min, shape.max, shape.max !== undefined ? shape.max + 1 : undefined].filter((n): n is number => n !== undefined && n >= 0);
  return fc.oneof(fc.constantFrom(...oddStrings), fc.constantFrom(...lengths.length ? lengths : [0]).map((n) => 'a'.repeat(n)), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...wrongTypes));
}

function numberEdges(shape: NumberShape): fc.Arbitrary<unknown> {
  const near = [shape.min, shape.max].flatMap((n) => (n === undefined ? [] : [n - 1, n, n + 1]));
  return fc.oneof(fc.constantFrom(...oddNumbers, ...near), fc.constantFrom(...wrongTypes));
}

/** Mostly the valid value; 1 time in 30 an edge. */
const mostly = (valid: fc.Arbitrary<unknown>, edge: fc.Arbitrary<unknown>) => fc.oneof({ weight: 29, arbitrary: valid }, { weight: 1, arbitrary: edge });

/** Like `mostly`, with valid extremes (the largest counts and durations the API takes) 1 time in 5: they stress the compiler, not the validator. */
const stretched = (valid: fc.Arbitrary<unknown>, extreme: fc.Arbitrary<unknown>, edge: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 23, arbitrary: valid }, { weight: 6, arbitrary: extreme }, { weight: 1, arbitrary: edge });

/** The valid ends of a number shape, with the wire types' limits inside them (uint32, int32, 2^53). */
function numberExtremes(shape: NumberShape): fc.Arbitrary<number> {
  const min = shape.min ?? (shape.type === 'integer' ? -(2 ** 31) : -Number.MAX_SAFE_INTEGER);
  const max = shape.max ?? (shape.type === 'integer' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER);
  return fc.constantFrom(...[min, max, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 5e9, 1e12].filter((n) => n >= min && n <= max));
}

// --- values that make sense for a member -------------------------------------

const plainName = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const regexes = ['^/v[0-9]+/.*$', '.*', '[a-z]+', 'a(?=b)', '(a)\\1', '\\u0041', '(?<n>a)', '(', 'a{2,1001}', '\\d+'];
const paths = fc.oneof(fc.constantFrom('/', '/api', '/api/', '/v1/orders', '/a/b/'), plainName.map((s) => `/${s}`));

function memberValue(names: ScaffoldNames, structure: string, member: string): fc.Arbitrary<unknown> | undefined {
  const pick = (pool: readonly string[]) => mostly(fc.constantFrom(...pool), fc.oneof(plainName, stringEdges({ type: 'string', min: 1, max: 255 })));
  switch (`${structure}.${member}`) {
    case 'WeightedTarget.virtualNode':
    case 'VirtualNodeServiceProvider.virtualNodeName':
      return pick(names.nodes);
    case 'VirtualRouterServiceProvider.virtualRouterName':
      return pick(names.routers);
    case 'VirtualServiceBackend.virtualServiceName':
    case 'GatewayRouteVirtualService.virtualServiceName':
      return pick(names.services);
    case 'HttpRouteMatch.prefix':
    case 'HttpGatewayRouteMatch.prefix':
      return mostly(paths, fc.constantFrom('', 'api', '/\u0000', 'x'.repeat(300)));
    case 'HttpPathMatch.regex':
    case 'HeaderMatchMethod.regex':
    case 'GrpcRouteMetadataMatchMethod.regex':
    case 'GrpcMetadataMatchMethod.regex':
      return fc.constantFrom(...regexes);
    case 'HttpPathMatch.exact':
    case 'HttpGatewayRoutePathRewrite.exact':
      return mostly(paths, fc.constantFrom('', 'x', '/\n'));
    case 'HttpGatewayRoutePrefixRewrite.value':
      return mostly(fc.constantFrom('/', '/v2/'), fc.constantFrom('/v2', 'v2/', ''));
    case 'HealthCheckPolicy.path':
    case 'VirtualGatewayHealthCheckPolicy.path':
      return mostly(paths, fc.constantFrom('', '/\r\n'));
    case 'GrpcRouteMatch.serviceName':
    case 'GrpcGatewayRouteMatch.serviceName':
      return mostly(fc.constantFrom('weft.test.echo.Echo', 'pkg.Svc'), stringEdges({ type: 'string' }));
    default:
      return undefined;
  }
}

function shapeValue(names: ScaffoldNames, shapeName: string): fc.Arbitrary<unknown> | undefined {
  switch (shapeName) {
    case 'ResourceName':
    case 'ServiceName':
      return mostly(plainName, stringEdges({ type: 'string', min: 1, max: 255 }));
    case 'Hostname':
      return mostly(fc.constantFrom('api.local', '127.0.0.1', 'a.b.c.internal'), fc.constantFrom('', 'a\nb', 'h'.repeat(300)));
    case 'ListenerPort':
    case 'PortNumber':
      return mostly(fc.constantFrom(...names.ports), numberEdges({ type: 'integer', min: 1, max: 65535 }));
    case 'Arn':
      return mostly(fc.constantFrom(...names.arns), stringEdges({ type: 'string' }));
    case 'FilePath':
      return mostly(fc.constantFrom('/dev/stdout', '/certs/a.pem'), stringEdges({ type: 'string', min: 1, max: 255 }));
    case 'AccountId':
      return mostly(fc.constant('123456789012'), stringEdges({ type: 'string', min: 12, max: 12 }));
    case 'DurationValue':
      return stretched(fc.integer({ min: 0, max: 120 }), fc.constantFrom(0, 9223372036, 9223372036000, 315576000000, 2 ** 32, 1e12), fc.constantFrom(...oddNumbers, 9223372037, 9223372036001));
    default:
      return undefined;
  }
}

// --- the walk over the model --------------------------------------------------

function structureArbitrary(names: ScaffoldNames, name: string, shape: StructureShape): fc.Arbitrary<unknown> {
  const members = Object.entries(shape.members).filter(([, ref]) => ref.location === undefined && ref.idempotencyToken !== true);
  const valueOf = (member: string, shapeName: string) => memberValue(names, name, member) ?? arbitraryFor(names, shapeName);
  const required = shape.required ?? [];
  if (shape.union === true) {
    const one = fc.oneof(...members.map(([m, ref]) => valueOf(m, ref.shape).map((v) => ({ [m]: v }))));
    const two = fc.tuple(one, one).map(([a, b]) => ({ ...a, ...b }));
    return fc.oneof({ weight: 40, arbitrary: one }, { weight: 1, arbitrary: two }, { weight: 1, arbitrary: fc.constant({}) });
  }
  const record = fc.record(Object.fromEntries(members.map(([m, ref]) => [m, valueOf(m, ref.shape)])), { requiredKeys: required.filter((r) => members.some(([m]) => m === r)) });
  // Now and then a required member goes missing or an unknown one appears.
  return fc.oneof(
    { weight: 60, arbitrary: record },
    { weight: 1, arbitrary: record.chain((r) => (required.length ? fc.constantFrom(...required).map((k) => withoutKey(r, k)) : fc.constant(r))) },
    { weight: 1, arbitrary: record.map((r) => ({ ...(r as object), notInTheModel: 1 })) },
    { weight: 1, arbitrary: fc.constantFrom(...wrongTypes) },
  );
}

function listArbitrary(names: ScaffoldNames, shape: ListShape): fc.Arbitrary<unknown> {
  const item = arbitraryFor(names, shape.member.shape);
  const max = Math.min(shape.max ?? 3, 3);
  const ok = fc.array(item, { minLength: shape.min ?? 0, maxLength: max });
  const edges = [shape.min !== undefined && shape.min > 0 ? fc.constant([]) : undefined, shape.max !== undefined ? fc.array(item, { minLength: shape.max + 1, maxLength: shape.max + 1 }) : undefined];
  return mostly(ok, fc.oneof(fc.constantFrom(...wrongTypes), ...edges.filter((e): e is fc.Arbitrary<unknown[]> => e !== undefined)));
}

function withoutKey(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

const memo = new WeakMap<ScaffoldNames, Map<string, fc.Arbitrary<unknown>>>();

/** Values for one model shape. */
export function arbitraryFor(names: ScaffoldNames, shapeName: string): fc.Arbitrary<unknown> {
  let cache = memo.get(names);
  if (!cache) memo.set(names, (cache = new Map()));
  const cached = cache.get(shapeName);
  if (cached) return cached;
  // The model is a tree; a lazy placeholder still guards against a cycle.
  const made = fc.constant(null).chain(() => build(names, shapeName));
  cache.set(shapeName, made);
  return made;
}

function build(names: ScaffoldNames, shapeName: string): fc.Arbitrary<unknown> {
  const special = shapeValue(names, shapeName);
  if (special) return special;
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case 'structure':
      return structureArbitrary(names, shapeName, shape);
    case 'list':
      return listArbitrary(names, shape);
    case 'string': {
      if (shape.enum) return mostly(fc.constantFrom(...shape.enum), fc.constantFrom('bogus', shape.enum[0]?.toUpperCase() ?? '', ''));
      const max = Math.min(shape.max ?? 24, 24);
      const min = shape.min ?? 0;
      return mostly(fc.string({ minLength: min, maxLength: Math.max(min, max), unit: fc.constantFrom(...'abcxyz-._/0129') }), stringEdges(shape));
    }
    case 'integer':
    case 'long': {
      const min = shape.min ?? 0;
      const max = Math.min(shape.max ?? min + 1000, min + 1000);
      return stretched(fc.integer({ min, max }), numberExtremes(shape), numberEdges(shape));
    }
    case 'boolean':
      return mostly(fc.boolean(), fc.constantFrom('true', 1, null));
    case 'timestamp':
      return fc.constantFrom(1700000000, '2024-01-02T03:04:05Z', 'yesterday');
    default: {
      const unreachable: never = shape;
      throw new Error(`unsupported shape ${JSON.stringify(unreachable)}`);
    }
  }
}

// --- whole requests -----------------------------------------------------------

/** A name unique to case `i` (so creates never collide), or now and then an edge. */
function resourceName(i: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 40, arbitrary: plainName.map((s) => `${s}-${i}`) },
    { weight: 1, arbitrary: fc.constantFrom(`${'n'.repeat(250)}-${i}`.slice(-255), `${'n'.repeat(300)}-${i}`, `bad name ${i}`, `.`, `a#${i}`, '') },
  );
}

const idempotent = (op: string) => op.startsWith('Create');
const nameMember: Record<string, string> = {
  CreateVirtualNode: 'virtualNodeName', CreateVirtualRouter: 'virtualRouterName', CreateRoute: 'routeName', CreateVirtualService: 'virtualServiceName',
  CreateVirtualGateway: 'virtualGatewayName', CreateGatewayRoute: 'gatewayRouteName', CreateMesh: 'meshName',
};

/** Request `i` of a run: an operation drawn by weight, its input drawn from the model. */
export function requestArbitrary(names: ScaffoldNames, i: number): fc.Arbitrary<DrawnRequest> {
  return fc.constantFrom(...weightedOperations.flatMap(({ weight, op }) => Array.from({ length: weight }, () => op))).chain((operation) => {
    const shapeName = operations[operation]?.input?.shape ?? '';
    const shape = shapeOf(shapeName) as StructureShape;
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [member, ref] of Object.entries(shape.members)) {
      if (member === nameMember[operation]) fields[member] = resourceName(i);
      else if (member === 'meshName') fields[member] = mostly(fc.constant(names.mesh), resourceName(i));
      else if (member === 'virtualRouterName') fields[member] = mostly(fc.constantFrom(...names.routers), resourceName(i));
      else if (member === 'virtualGatewayName') fields[member] = mostly(fc.constantFrom(...names.gateways), resourceName(i));
      else if (member === 'virtualServiceName') fields[member] = mostly(fc.constantFrom(...names.services), resourceName(i));
      else if (member === 'virtualNodeName') fields[member] = mostly(fc.constantFrom(...names.nodes), resourceName(i));
      else if (member === 'resourceArn') fields[member] = mostly(fc.constantFrom(...names.arns), arbitraryFor(names, 'Arn'));
      else if (ref.idempotencyToken === true) fields[member] = fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(`token-${i}`, '', 'x'.repeat(65), 'bad token') });
      else if (member === 'meshOwner') fields[member] = fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitraryFor(names, 'AccountId') });
      else if (member === 'tags') fields[member] = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitraryFor(names, ref.shape) });
      else fields[member] = arbitraryFor(names, ref.shape);
    }
    const required = (shape.required ?? []).filter((r) => r !== nameMember[operation] || !idempotent(operation));
    return fc.record(fields, { requiredKeys: [...new Set([...required, ...(nameMember[operation] ? [nameMember[operation]] : [])])] }).map((input) => ({ operation, input: dropUndefined(input) }));
  });
}

function dropUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** The HTTP request the model lays out for a drawn input: labels in the path, query members, a JSON body. */
export function httpRequestOf(request: DrawnRequest): { method: string; path: string; body?: string } {
  const op = operations[request.operation];
  if (!op?.input) throw new Error(`no operation ${request.operation}`);
  const shape = shapeOf(op.input.shape) as StructureShape;
  const body: Record<string, unknown> = {};
  const query = new URLSearchParams();
  let path = op.http.requestUri;
  for (const [member, value] of Object.entries(request.input)) {
    const ref = shape.members[member];
    if (ref?.location === 'uri') {
      // '.' is encoded too, so URL handling cannot resolve a '..' label away before the API sees it.
      path = path.replace(`{${ref.locationName ?? member}}`, encodeURIComponent(String(value)).replace(/\./g, '%2E'));
    } else if (ref?.location === 'querystring') query.set(ref.locationName ?? member, String(value));
    else body[member] = value;
  }
  const qs = query.toString();
  return { method: op.http.method, path: `${path}${qs ? `?${qs}` : ''}`, ...(op.http.method === 'GET' || op.http.method === 'DELETE' ? {} : { body: JSON.stringify(body) }) };
}
