// The generative check: requests drawn from the App Mesh service model
// (test/support/specArbitrary.ts) go over real HTTP to a real stack. Each is
// either refused with a 4xx (a 400 names the field) and appends nothing, or
// accepted and compiles into snapshots Envoy's rules accept: in process for
// every accepted create, and through the real projector for the whole mesh at
// the end. There is no third outcome. WEFT_FUZZ_CASES and WEFT_FUZZ_SEED
// scale and replay a run (npm run fuzz:specs); case i always draws the same.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arnOf } from '../../core/domain/arn.js';
import type { ResourceKind } from '../../core/domain/kinds.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import type { LocalStack } from '../../functions/local/localStack.js';
import type { DrawnRequest } from '../support/specArbitrary.js';
import { httpRequestOf, requestArbitrary } from '../support/specArbitrary.js';
import { startTestStack } from '../support/stack.js';
import { meshEvents } from './eventLog.js';
import type { Accepted } from './generativeSpecsCheck.js';
import { compileProblems, scaffold, scaffoldMesh, scaffoldNames, snapshotIssues } from './generativeSpecsCheck.js';

const cases = Number(process.env['WEFT_FUZZ_CASES'] ?? 2000);
const seed = Number(process.env['WEFT_FUZZ_SEED'] ?? 20250125);
const parallel = 4;
const appMeshErrorTypes = ['BadRequestException', 'ConflictException', 'ForbiddenException', 'LimitExceededException', 'NotFoundException', 'ResourceInUseException', 'TooManyRequestsException', 'TooManyTagsException'];
// `spec.listeners[0].outlierDetection.interval.value: ...`, `virtualNodeName: ...`, `input: ...`
const namesAField = /^[A-Za-z_][\w]*(\[\d+\])*(\.[\w]+(\[\d+\])*)*: /;

const kindOf: Record<string, { kind: ResourceKind; name: string; parent?: string }> = {
  CreateVirtualNode: { kind: 'virtualNode', name: 'virtualNodeName' },
  CreateVirtualRouter: { kind: 'virtualRouter', name: 'virtualRouterName' },
  CreateRoute: { kind: 'route', name: 'routeName', parent: 'virtualRouterName' },
  CreateVirtualService: { kind: 'virtualService', name: 'virtualServiceName' },
  CreateVirtualGateway: { kind: 'virtualGateway', name: 'virtualGatewayName' },
  CreateGatewayRoute: { kind: 'gatewayRoute', name: 'gatewayRouteName', parent: 'virtualGatewayName' },
  CreateMesh: { kind: 'mesh', name: 'meshName' },
};

interface Outcome {
  readonly status: number;
  readonly problem?: string;
  readonly appendedToScaffold: boolean;
  readonly target?: string;
}

describe('requests drawn from the service model', () => {
  let stack: LocalStack;
  const send = (method: string, path: string, body?: string) => fetch(`${stack.url}${path}`, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });

  beforeAll(async () => {
    stack = await startTestStack('generative');
    const created = [await send('PUT', '/v20190125/meshes', JSON.stringify({ meshName: scaffoldMesh }))];
    for (const r of scaffold) {
      const plural = { virtualNode: 'virtualNodes', virtualRouter: 'virtualRouters', virtualService: 'virtualServices', virtualGateway: 'virtualGateways' }[r.kind as string];
      created.push(await send('PUT', `/v20190125/meshes/${scaffoldMesh}/${plural}`, JSON.stringify({ [`${r.kind}Name`]: r.name, spec: r.spec })));
    }
    expect(created.map((r) => r.status)).toEqual(created.map(() => 200));
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** One drawn request, answered and judged. */
  async function run(request: DrawnRequest): Promise<Outcome> {
    const http = httpRequestOf(request);
    const response = await send(http.method, http.path, http.body);
    const text = await response.text();
    const inScaffold = request.input['meshName'] === scaffoldMesh || (typeof request.input['resourceArn'] === 'string' && request.input['resourceArn'].includes(`:mesh/${scaffoldMesh}`));
    if (response.status >= 500) return { status: response.status, problem: `answered ${response.status}: ${text}`, appendedToScaffold: false };
    if (response.status >= 400) {
      const type = response.headers.get('x-amzn-errortype') ?? '';
      const message = (JSON.parse(text) as { message?: string }).message ?? '';
      if (!appMeshErrorTypes.includes(type)) return { status: response.status, problem: `error type ${type}`, appendedToScaffold: false };
      if (response.status === 400 && !namesAField.test(message)) return { status: response.status, problem: `400 without a field: ${message}`, appendedToScaffold: false };
      return { status: response.status, appendedToScaffold: false };
    }
    const mutation = /^(Create|Tag|Untag)/.test(request.operation);
    const created = kindOf[request.operation];
    if (!created) return { status: response.status, appendedToScaffold: mutation && inScaffold };
    const answered = JSON.parse(text) as Record<string, unknown>;
    const accepted: Accepted = {
      kind: created.kind,
      name: String(request.input[created.name]),
      ...(created.parent ? { parent: String(request.input[created.parent]) } : {}),
      spec: (answered['spec'] ?? {}) as Record<string, unknown>,
    };
    const problems = compileProblems(accepted);
    const target = created.kind === 'virtualNode' || created.kind === 'virtualGateway' ? `${created.kind}/${accepted.name}` : undefined;
    return { status: response.status, appendedToScaffold: created.kind !== 'mesh', ...(target ? { target } : {}), ...(problems.length ? { problem: `accepted but compiles invalid: ${problems.slice(0, 5).join('; ')}` } : {}) };
  }

  it(`answers each of ${cases} drawn requests with a 4xx that appends nothing, or accepts it and compiles it valid`, async () => {
    const names = scaffoldNames((r) => arnOf({ kind: r.kind as ResourceKind, mesh: scaffoldMesh, name: r.name, ...(r.parent ? { parent: r.parent } : {}) }, stack.config));
    const counts = { drawn: 0, refused: 0, accepted: 0, read: 0, byStatus: {} as Record<number, number> };
    const failures: string[] = [];
    const targets = scaffold.filter((r) => r.kind === 'virtualNode' || r.kind === 'virtualGateway').map((r) => `${r.kind}/${r.name}`);
    let expectedEvents = 1 + scaffold.length;
    const started = Date.now();
    for (let from = 0; from < cases; from += 100) {
      const batch = Array.from({ length: Math.min(100, cases - from) }, (_, k) => from + k);
      const queue = [...batch];
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            const [request] = fc.sample(requestArbitrary(names, i), { numRuns: 1, seed: seed + i }) as [DrawnRequest];
            const outcome = await run(request);
            counts.drawn++;
            counts.byStatus[outcome.status] = (counts.byStatus[outcome.status] ?? 0) + 1;
            if (outcome.status >= 400) counts.refused++;
            else if (/^(Create|Tag|Untag)/.test(request.operation)) counts.accepted++;
            else counts.read++;
            if (outcome.appendedToScaffold) expectedEvents++;
            if (outcome.target) targets.push(outcome.target);
            if (outcome.problem) failures.push(`case ${i} (seed ${seed}) ${request.operation}: ${outcome.problem}\n  input: ${JSON.stringify(request.input).slice(0, 600)}`);
          }
        }),
      );
      // A refusal appends nothing: the log holds exactly the accepted mutations.
      const events = (await meshEvents(stack, scaffoldMesh)).length;
      if (events !== expectedEvents) failures.push(`after case ${from + batch.length - 1}: ${events} events in the log, ${expectedEvents} expected`);
      if (failures.length > 20) break;
    }

    // Through the real projector: every node and gateway of the mesh, once the snapshots stop changing.
    const snapshots = await settledSnapshots(targets);
    for (const [target, snapshot] of snapshots) {
      if (!snapshot) continue;
      const issues = snapshotIssues(snapshot);
      if (issues.length) failures.push(`projector's ${target}: ${issues.slice(0, 5).join('; ')}`);
    }
    const published = [...snapshots.values()].filter(Boolean).length;
    console.info(`generative specs (seed ${seed}): ${JSON.stringify(counts)}; ${published} of ${snapshots.size} projector snapshots checked; ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(failures).toEqual([]);
    expect(counts.accepted).toBeGreaterThan(cases / 10);
    expect(counts.refused).toBeGreaterThan(cases / 10);
    // The scaffold's own nodes and gateways always have something to publish.
    for (const r of scaffold) if (r.kind === 'virtualNode' || r.kind === 'virtualGateway') expect(snapshots.get(`${r.kind}/${r.name}`), `${r.kind}/${r.name}`).toBeDefined();
  }, Math.max(600_000, cases * 200));

  /** Each target's snapshot from the config endpoint, read until a whole round comes back unchanged. */
  async function settledSnapshots(targets: readonly string[]): Promise<Map<string, Snapshot | undefined>> {
    const read = async () => {
      const out = new Map<string, Snapshot | undefined>();
      for (const target of targets) {
        const [kind, name] = target.split('/') as [string, string];
        const response = await send('GET', `/v1/meshes/${scaffoldMesh}/${kind}s/${encodeURIComponent(name)}/snapshot`);
        out.set(target, response.status === 200 ? ((await response.json()) as Snapshot) : (await response.text(), undefined));
      }
      return out;
    };
    const versions = (m: Map<string, Snapshot | undefined>) => JSON.stringify([...m].map(([t, s]) => [t, s?.version]));
    let last = await read();
    const deadline = Date.now() + 60_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const next = await read();
      if (versions(next) === versions(last) || Date.now() > deadline) return next;
      last = next;
    }
  }
});
