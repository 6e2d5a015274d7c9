// Inputs found from outside that App Mesh's model lets through but Envoy or
// the store cannot take: through the unmodified SDK, each is refused with the
// field named and nothing appended, or accepted and compiled valid by the real
// projector (checked with Envoy's rules).
import type { RouteSpec, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import {
  BadRequestException,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteVirtualServiceCommand,
  DescribeVirtualServiceCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../core/projection/snapshot.js';
import type { LocalStack } from '../../functions/local/localStack.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { eventTypes } from './eventLog.js';
import { expectApiError } from './expectApiError.js';
import { snapshotIssues } from './generativeSpecsCheck.js';
import { arnPrefix } from './metadata.js';

const mesh = 'edges';
type Json = Record<string, unknown>;
const dns = (hostname: string) => ({ dns: { hostname } });
const httpListener = (port = 8080, extra: Json = {}) => ({ portMapping: { port, protocol: 'http' as const }, ...extra });
const to = (virtualNode: string, port?: number) => ({ weightedTargets: [{ virtualNode, weight: 1, ...(port ? { port } : {}) }] });

describe('edge inputs through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  const events: string[] = [];
  const expectEvent = (type: string) => events.push(type);
  const createNode = (virtualNodeName: string, spec: VirtualNodeSpec) => client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName, spec }));
  const createRoute = (routeName: string, spec: RouteSpec, virtualRouterName = 'front') => client.send(new CreateRouteCommand({ meshName: mesh, virtualRouterName, routeName, spec }));

  beforeAll(async () => {
    stack = await startTestStack('edge-inputs');
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await createNode('api', { listeners: [httpListener(8080), { portMapping: { port: 9090, protocol: 'http2' } }], serviceDiscovery: dns('api.local') });
    await client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'front', spec: { listeners: [httpListener(8080)] } }));
    events.push('MeshCreated', 'VirtualNodeCreated', 'VirtualRouterCreated');
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  /** The node's snapshot from the config endpoint once `ready` holds, checked with every Envoy rule there is. */
  async function validSnapshot(node: string, ready: (s: Snapshot) => boolean): Promise<Snapshot> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await fetch(`${stack.url}/v1/meshes/${mesh}/virtualNodes/${node}/snapshot`);
      const snapshot = response.status === 200 ? ((await response.json()) as Snapshot) : undefined;
      if (snapshot && ready(snapshot)) {
        expect(snapshotIssues(snapshot)).toEqual([]);
        return snapshot;
      }
      if (Date.now() > deadline) throw new Error(`no snapshot of ${node} ready: ${JSON.stringify(snapshot)?.slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const routeConfig = (s: Snapshot, name: string) => s.resources.route.find((r) => r['name'] === name) as Json | undefined;

  it('refuses an outlier detection interval or ejection duration of 0, naming the field', async () => {
    const outlier = (interval: number, base: number) => ({ listeners: [httpListener(8080, { outlierDetection: { maxServerErrors: 5, maxEjectionPercent: 10, interval: { value: interval, unit: 's' as const }, baseEjectionDuration: { value: base, unit: 'ms' as const } } })] });
    await expectApiError(createNode('od', outlier(0, 100)), BadRequestException, 400, /^spec\.listeners\[0\]\.outlierDetection\.interval\.value: must be greater than 0/);
    await expectApiError(createNode('od', outlier(1, 0)), BadRequestException, 400, /^spec\.listeners\[0\]\.outlierDetection\.baseEjectionDuration\.value: must be greater than 0/);
  });

  it('refuses empty query parameter names, SDS secret names and DNS hostnames', async () => {
    await expectApiError(createRoute('q', { httpRoute: { match: { prefix: '/', queryParameters: [{ name: '' }] }, action: to('api') } }), BadRequestException, 400, /^spec\.httpRoute\.match\.queryParameters\[0\]\.name: must be at least 1 character/);
    await expectApiError(createNode('sds', { listeners: [httpListener(8080, { tls: { mode: 'STRICT', certificate: { sds: { secretName: '' } } } })] }), BadRequestException, 400, /^spec\.listeners\[0\]\.tls\.certificate\.sds\.secretName: must be at least 1 character/);
    await expectApiError(createNode('dns', { serviceDiscovery: dns('') }), BadRequestException, 400, /^spec\.serviceDiscovery\.dns\.hostname: must be at least 1 character/);
  });

  it("refuses a per-request timeout past Envoy's longest duration", async () => {
    const timeout = (value: number, unit: 's' | 'ms') => createRoute('t', { httpRoute: { match: { prefix: '/' }, action: to('api'), timeout: { perRequest: { value, unit } } } });
    await expectApiError(timeout(1e12, 's'), BadRequestException, 400, /^spec\.httpRoute\.timeout\.perRequest\.value: must be at most 9223372036 s/);
    await expectApiError(timeout(1e15, 'ms'), BadRequestException, 400, /^spec\.httpRoute\.timeout\.perRequest\.value: must be at most 9223372036000 ms/);
  });

  it('refuses regexes with a look-ahead or a back-reference, which RE2 refuses', async () => {
    await expectApiError(createRoute('re', { httpRoute: { match: { path: { regex: '/api(?=/v1)' } }, action: to('api') } }), BadRequestException, 400, /^spec\.httpRoute\.match\.path\.regex: is not a regular expression RE2 accepts/);
    await expectApiError(createRoute('re', { httpRoute: { match: { prefix: '/', headers: [{ name: 'x', match: { regex: '(a)\\1' } }] }, action: to('api') } }), BadRequestException, 400, /^spec\.httpRoute\.match\.headers\[0\]\.match\.regex: is not a regular expression RE2 accepts/);
  });

  it('refuses a maxConnections past a 32-bit integer, and integers past 2^53 anywhere', async () => {
    await expectApiError(createNode('pool', { listeners: [httpListener(8080, { connectionPool: { http: { maxConnections: 4294967297 } } })] }), BadRequestException, 400, /^spec\.listeners\[0\]\.connectionPool\.http\.maxConnections: must be at most 2147483647/);
    for (const maxRetries of [1e21, 1e300]) {
      await expectApiError(createRoute('r', { httpRoute: { match: { prefix: '/' }, action: to('api'), retryPolicy: { maxRetries, perRetryTimeout: { value: 1, unit: 's' }, httpRetryEvents: ['server-error'] } } }), BadRequestException, 400, /^spec\.httpRoute\.retryPolicy\.maxRetries: must be at most 9007199254740991/);
    }
    await expectApiError(createNode('od2', { listeners: [httpListener(8080, { outlierDetection: { maxServerErrors: 1e21, maxEjectionPercent: 1, interval: { value: 1, unit: 's' }, baseEjectionDuration: { value: 1, unit: 's' } } })] }), BadRequestException, 400, /maxServerErrors: must be at most/);
  });

  it('refuses a name the state table cannot hold in every operation that takes one, and an ARN holding one', async () => {
    const long = 's'.repeat(1200);
    const names = { meshName: mesh, virtualServiceName: long };
    await expectApiError(client.send(new CreateVirtualServiceCommand({ ...names, spec: {} })), BadRequestException, 400, /^virtualServiceName: must be at most 479 bytes/);
    await expectApiError(client.send(new DescribeVirtualServiceCommand(names)), BadRequestException, 400, /^virtualServiceName: /);
    await expectApiError(client.send(new UpdateVirtualServiceCommand({ ...names, spec: {} })), BadRequestException, 400, /^virtualServiceName: /);
    await expectApiError(client.send(new DeleteVirtualServiceCommand(names)), BadRequestException, 400, /^virtualServiceName: /);
    const resourceArn = `${arnPrefix}/${mesh}/virtualService/${long}`;
    await expectApiError(client.send(new ListTagsForResourceCommand({ resourceArn })), BadRequestException, 400, /^resourceArn: must be an App Mesh resource ARN/);
    await expectApiError(client.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: 'b' }] })), BadRequestException, 400, /^resourceArn: /);
    await expectApiError(client.send(new UntagResourceCommand({ resourceArn: `${arnPrefix}/${'m'.repeat(3000)}`, tagKeys: ['a'] })), BadRequestException, 400, /^resourceArn: /);
  });

  it('appends nothing for the refused requests', async () => {
    expect(await eventTypes(stack, mesh)).toEqual(events);
  });

  it('compiles a maxRetries of 5e9 as the most retries Envoy can count, not a wrapped 705032704', async () => {
    await createRoute('retries', { httpRoute: { match: { prefix: '/' }, action: to('api'), retryPolicy: { maxRetries: 5e9, perRetryTimeout: { value: 1, unit: 's' }, httpRetryEvents: ['server-error'] } } });
    await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'front.local', spec: { provider: { virtualRouter: { virtualRouterName: 'front' } } } }));
    await createNode('web', { backends: [{ virtualService: { virtualServiceName: 'front.local' } }] });
    expectEvent('RouteCreated');
    expectEvent('VirtualServiceCreated');
    expectEvent('VirtualNodeCreated');
    const snapshot = await validSnapshot('web', (s) => routeConfig(s, 'rds_egress_http_8080') !== undefined);
    expect(JSON.stringify(routeConfig(snapshot, 'rds_egress_http_8080'))).toContain('"numRetries":{"value":4294967295}');
  });

  it('accepts two virtual services whose names differ only in case and compiles no duplicate domain', async () => {
    for (const virtualServiceName of ['Api.local', 'api.local']) {
      await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName, spec: { provider: { virtualNode: { virtualNodeName: 'api' } } } }));
      expectEvent('VirtualServiceCreated');
    }
    await createNode('caller', { backends: [{ virtualService: { virtualServiceName: 'api.local' } }, { virtualService: { virtualServiceName: 'Api.local' } }] });
    expectEvent('VirtualNodeCreated');
    const snapshot = await validSnapshot('caller', (s) => routeConfig(s, 'rds_egress_http_8080') !== undefined);
    const domains = ((routeConfig(snapshot, 'rds_egress_http_8080')?.['virtualHosts'] ?? []) as Json[]).flatMap((vh) => vh['domains'] as string[]).map((d) => d.toLowerCase());
    expect(domains).toContain('api.local');
    expect(new Set(domains).size).toBe(domains.length);
  });

  it('accepts http and http2 routes that match on the listener port alone and compiles them for that port only', async () => {
    await client.send(new CreateVirtualRouterCommand({ meshName: mesh, virtualRouterName: 'multi', spec: { listeners: [httpListener(8080), { portMapping: { port: 9090, protocol: 'http2' } }] } }));
    await createRoute('on-8080', { httpRoute: { match: { port: 8080 }, action: to('api', 8080) } }, 'multi');
    await createRoute('on-9090', { http2Route: { match: { port: 9090 }, action: to('api', 9090) } }, 'multi');
    await client.send(new CreateVirtualServiceCommand({ meshName: mesh, virtualServiceName: 'multi.local', spec: { provider: { virtualRouter: { virtualRouterName: 'multi' } } } }));
    await createNode('multi-caller', { backends: [{ virtualService: { virtualServiceName: 'multi.local' } }] });
    events.push('VirtualRouterCreated', 'RouteCreated', 'RouteCreated', 'VirtualServiceCreated', 'VirtualNodeCreated');
    const snapshot = await validSnapshot('multi-caller', (s) => routeConfig(s, 'rds_egress_http_9090') !== undefined);
    const routesOn = (port: number) => ((routeConfig(snapshot, `rds_egress_http_${port}`)?.['virtualHosts'] as Json[])[0]?.['routes'] as Json[]).map((r) => [r['name'], r['match']]);
    expect(routesOn(8080)).toEqual([['on-8080', { prefix: '/' }]]);
    expect(routesOn(9090)).toEqual([['on-9090', { prefix: '/' }]]);
    expect(await eventTypes(stack, mesh)).toEqual(events);
  });
});
