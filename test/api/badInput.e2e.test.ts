import { BadRequestException, CreateMeshCommand, CreateVirtualNodeCommand, DeleteVirtualNodeCommand, DescribeMeshCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StructureShape } from '../../core/model/serviceModel.js';
import { operations, shapeNames, shapeOf } from '../../core/model/serviceModel.js';
import type { LocalStack } from '../../functions/local/localStack.js';
import { minimalNodeSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { meshEvents } from './eventLog.js';

const mesh = 'bad-input';
const nodes = `/v20190125/meshes/${mesh}/virtualNodes`;

/** The HTTP status the service model gives an error shape; undefined for a shape that is not an error. */
const errorStatus = (shape: string): number | undefined => {
  const found = shapeOf(shape) as StructureShape;
  return found.exception ? found.error?.httpStatusCode : undefined;
};
/** The client errors (below 500) the model lets an operation answer; for a request that reaches no operation, any of the service's. */
const clientErrorsOf = (operation: string | undefined): string[] => {
  const shapes = operation ? (operations[operation] ?? expect.fail(`no operation ${operation} in the model`)).errors?.map((e) => e.shape) ?? [] : shapeNames;
  return shapes.filter((shape) => (errorStatus(shape) ?? 500) < 500);
};

interface Case {
  readonly name: string;
  /** The App Mesh operation at this method and path, whose model errors the answer must be one of; none when the request reaches no operation. */
  readonly operation?: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly status: number;
  readonly type: string;
  readonly message: RegExp;
}

const node = (spec: unknown) => JSON.stringify({ virtualNodeName: 'web', spec });
const oversized = JSON.stringify({ virtualNodeName: 'web', spec: minimalNodeSpec, padding: 'x'.repeat(1024 * 1024) });

const cases: Case[] = [
  { operation: 'CreateVirtualNode', name: 'a malformed JSON body', method: 'PUT', path: nodes, body: '{"virtualNodeName": "web", "spec": {', status: 400, type: 'BadRequestException', message: /^body: is not valid JSON/ },
  { operation: 'CreateVirtualNode', name: 'a body over 1 MiB', method: 'PUT', path: nodes, body: oversized, status: 400, type: 'BadRequestException', message: /^body: must be at most 1048576 bytes/ },
  { operation: 'CreateVirtualNode', name: 'a JSON array for a body', method: 'PUT', path: nodes, body: '[1,2]', status: 400, type: 'BadRequestException', message: /^body: must be a JSON object/ },
  { operation: 'CreateVirtualNode', name: 'a port given as a string', method: 'PUT', path: nodes, body: node({ listeners: [{ portMapping: { port: '8080', protocol: 'http' } }] }), status: 400, type: 'BadRequestException', message: /^spec\.listeners\[0\]\.portMapping\.port: must be an integer \(got string\)/ },
  { operation: 'CreateVirtualNode', name: 'listeners given as an object', method: 'PUT', path: nodes, body: node({ listeners: { port: 8080 } }), status: 400, type: 'BadRequestException', message: /^spec\.listeners: must be a list \(got object\)/ },
  { operation: 'CreateVirtualNode', name: 'spec given as a string', method: 'PUT', path: nodes, body: node('everything'), status: 400, type: 'BadRequestException', message: /^spec: must be an object \(got string\)/ },
  { operation: 'CreateVirtualNode', name: 'a number too large for JSON', method: 'PUT', path: nodes, body: '{"virtualNodeName":"web","spec":{"listeners":[{"portMapping":{"port":1e400,"protocol":"http"}}]}}', status: 400, type: 'BadRequestException', message: /portMapping\.port: must be an integer/ },
  { operation: 'CreateVirtualNode', name: 'a misspelt field', method: 'PUT', path: nodes, body: node({ listener: [] }), status: 400, type: 'BadRequestException', message: /^spec\.listener: unknown field/ },
  { operation: 'CreateVirtualNode', name: 'a __proto__ key', method: 'PUT', path: nodes, body: '{"virtualNodeName":"web","spec":{"__proto__":{"x":1}}}', status: 400, type: 'BadRequestException', message: /^spec\.__proto__: unknown field/ },
  { operation: 'CreateVirtualNode', name: 'a create without its spec', method: 'PUT', path: nodes, body: '{"virtualNodeName":"web"}', status: 400, type: 'BadRequestException', message: /^spec: is required/ },
  { operation: 'CreateVirtualNode', name: 'a spec too large to store, under the body limit', method: 'PUT', path: nodes, body: node({ serviceDiscovery: { dns: { hostname: 'h'.repeat(500_000) } } }), status: 400, type: 'BadRequestException', message: /^spec: virtual node 'web' .* too large/ },
  { operation: 'ListVirtualNodes', name: 'a list limit that is not a number', method: 'GET', path: `${nodes}?limit=ten`, status: 400, type: 'BadRequestException', message: /^limit: must be an integer/ },
  { operation: 'ListVirtualNodes', name: 'a list limit far out of range', method: 'GET', path: `${nodes}?limit=99999999999999999999`, status: 400, type: 'BadRequestException', message: /^limit: must be at most 100/ },
  { operation: 'DescribeVirtualNode', name: "a name with '#' in the path", method: 'GET', path: `${nodes}/a%23b`, status: 400, type: 'BadRequestException', message: /^virtualNodeName: may contain only/ },
  { name: 'an unknown path', method: 'GET', path: '/nope', status: 404, type: 'NotFoundException', message: /GET \/nope/ },
  { name: 'a broken percent-encoding in the path', method: 'GET', path: `${nodes}/%E0%A4%A`, status: 404, type: 'NotFoundException', message: /No API operation/ },
  { name: 'a wrong method on a known path', method: 'PATCH', path: `/v20190125/meshes/${mesh}`, status: 400, type: 'BadRequestException', message: /^method: PATCH is not allowed on \/v20190125\/meshes\/bad-input; use / },
  { name: 'a POST where App Mesh uses PUT', method: 'POST', path: nodes, body: node(minimalNodeSpec), status: 400, type: 'BadRequestException', message: /^method: POST/ },
];

describe('bad input over raw HTTP', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('bad-input');
    client = appMeshClient(stack);
    await client.send(new CreateMeshCommand({ meshName: mesh }));
    await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'existing', spec: minimalNodeSpec }));
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it.each(cases)('answers $name with $status $type naming what is wrong', async ({ operation, method, path, body, status, type, message }) => {
    const response = await fetch(`${stack.url}${path}`, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    const text = await response.text();
    expect(response.status).toBe(status);
    const errorType = response.headers.get('x-amzn-errortype') ?? '';
    expect(errorType).toBe(type);
    // An error the model declares for this operation, with the status the model gives it: what the SDK can decode.
    expect(clientErrorsOf(operation)).toContain(errorType);
    expect(response.status).toBe(errorStatus(errorType));
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['message']);
    expect(parsed['message']).toMatch(message);
    // No stack trace or internals leak into the answer.
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules|Error:/);
  });

  it('never answers bad input with a 5xx', async () => {
    const garbage = ['{', '}', 'null', '"x"', '1', 'true', '{"spec":null,"virtualNodeName":null}', '{"virtualNodeName":{"a":1}}', '\u0000\u0001', '{"tags":[null]}'];
    for (const body of garbage) {
      for (const [path, operation] of [[nodes, 'CreateVirtualNode'], [`${nodes}/web`, 'UpdateVirtualNode'], ['/v20190125/meshes', 'CreateMesh'], ['/v20190125/tag', 'TagResource']] as const) {
        const response = await fetch(`${stack.url}${path}`, { method: 'PUT', body });
        expect(response.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${path} ${body}`).toBeLessThan(500);
        const errorType = response.headers.get('x-amzn-errortype') ?? '';
        expect(clientErrorsOf(operation), `${path} ${body}`).toContain(errorType);
        expect(response.status, `${path} ${body}`).toBe(errorStatus(errorType));
      }
    }
  });

  it("refuses the names '.' and '..', which URL handling would resolve into another resource", async () => {
    for (const virtualNodeName of ['.', '..']) {
      const names = { meshName: mesh, virtualNodeName };
      await expect(client.send(new CreateVirtualNodeCommand({ ...names, spec: minimalNodeSpec }))).rejects.toBeInstanceOf(BadRequestException);
      await expect(client.send(new DeleteVirtualNodeCommand(names))).rejects.toBeInstanceOf(BadRequestException);
    }
    expect((await client.send(new DescribeMeshCommand({ meshName: mesh }))).mesh?.status?.status).toBe('ACTIVE');
  });

  it('treats null members as absent, and stores and answers without them', async () => {
    const spec = { listeners: [{ portMapping: { port: 80, protocol: 'http' }, tls: null }], serviceDiscovery: { dns: { hostname: 'n.local' }, awsCloudMap: null }, logging: null };
    const created = await fetch(`${stack.url}${nodes}`, { method: 'PUT', body: JSON.stringify({ virtualNodeName: 'nulls', spec, tags: null }) });
    expect(created.status).toBe(200);
    const described = await (await fetch(`${stack.url}${nodes}/nulls`)).text();
    expect(described).not.toMatch(/:\s*null/);
    expect((JSON.parse(described) as { spec: unknown }).spec).toEqual({ listeners: [{ portMapping: { port: 80, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'n.local' } } });
    await client.send(new DeleteVirtualNodeCommand({ meshName: mesh, virtualNodeName: 'nulls' }));
  });

  it('appends nothing for bad input', async () => {
    const types = (await meshEvents(stack, mesh)).map((e) => e.type);
    expect(types).toEqual(['MeshCreated', 'VirtualNodeCreated', 'VirtualNodeCreated', 'VirtualNodeDeleted']);
  });
});
