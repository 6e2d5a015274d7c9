import {
  AppMeshClient,
  AppMeshServiceException,
  ConflictException,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  DescribeRouteCommand,
  ListVirtualNodesCommand,
  TooManyRequestsException,
  UpdateRouteCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { minimalNodeSpec, prefixRouteSpec, virtualRouterSpec } from '../support/fixtures.js';
import { appMeshClient, startTestStack } from '../support/stack.js';
import { meshEvents } from './eventLog.js';

const route = { meshName: 'contended', virtualRouterName: 'front', routeName: 'split' };
const weighted = (i: number) => ({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'blue', weight: i }, { virtualNode: 'green', weight: 100 - i }] } } });

describe('concurrent writers through the AWS SDK', () => {
  let stack: LocalStack;
  let client: AppMeshClient;
  let retrying: AppMeshClient;
  beforeAll(async () => {
    stack = await startTestStack('concurrency');
    client = appMeshClient(stack);
    // The SDK's standard retries, as an App Mesh user would have them: the server
    // answers TooManyRequestsException when its own bounded retries run out, the SDK
    // backs off as it did against App Mesh, and a retry reuses the call's
    // auto-generated clientToken, so it can never apply an update twice.
    retrying = new AppMeshClient({
      endpoint: stack.url,
      region: stack.config.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 5,
    });
    await client.send(new CreateMeshCommand({ meshName: route.meshName }));
    for (const virtualNodeName of ['blue', 'green']) await client.send(new CreateVirtualNodeCommand({ meshName: route.meshName, virtualNodeName, spec: minimalNodeSpec }));
    await client.send(new CreateVirtualRouterCommand({ meshName: route.meshName, virtualRouterName: route.virtualRouterName, spec: virtualRouterSpec }));
    await client.send(new CreateRouteCommand({ ...route, spec: prefixRouteSpec('blue') }));
  });
  afterAll(async () => {
    client?.destroy();
    retrying?.destroy();
    await stack?.stop();
  });

  it('counts every accepted one of 50 parallel UpdateRoute calls exactly once', { timeout: 120_000 }, async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => retrying.send(new UpdateRouteCommand({ ...route, spec: weighted(i + 1) }))));
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(AppMeshServiceException);
      expect(failure).toBeInstanceOf(TooManyRequestsException);
    }
    const successes = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(successes.length).toBeGreaterThan(0);

    // Each success saw a distinct version, and together they are 2..1+successes.
    const versions = successes.map((s) => s.route?.metadata?.version ?? 0).sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_, i) => i + 2));

    const final = (await client.send(new DescribeRouteCommand(route))).route;
    expect(final?.metadata?.version).toBe(1 + successes.length);
    const last = successes.find((s) => s.route?.metadata?.version === final?.metadata?.version);
    expect(final?.spec).toEqual(last?.route?.spec);

    const updates = (await meshEvents(stack, route.meshName)).filter((e) => e.type === 'RouteUpdated');
    expect(updates).toHaveLength(successes.length);
    expect(updates.map((e) => e.resource.metadata.version)).toEqual(versions);
  });

  it('lets exactly one of 10 racing creates of the same name win', { timeout: 60_000 }, async () => {
    await client.send(new CreateMeshCommand({ meshName: 'race' }));
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => retrying.send(new CreateVirtualNodeCommand({ meshName: 'race', virtualNodeName: 'web', spec: minimalNodeSpec }))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictException);
    expect((await meshEvents(stack, 'race')).map((e) => e.type)).toEqual(['MeshCreated', 'VirtualNodeCreated']);
  });

  it('creates 20 virtual nodes in one mesh in parallel', { timeout: 60_000 }, async () => {
    await client.send(new CreateMeshCommand({ meshName: 'crowd' }));
    const names = Array.from({ length: 20 }, (_, i) => `node-${String(i).padStart(2, '0')}`);
    const created = await Promise.all(names.map((virtualNodeName) => retrying.send(new CreateVirtualNodeCommand({ meshName: 'crowd', virtualNodeName, spec: minimalNodeSpec }))));
    expect(created.map((c) => c.virtualNode?.metadata?.version)).toEqual(Array(20).fill(1));
    expect((await client.send(new ListVirtualNodesCommand({ meshName: 'crowd' }))).virtualNodes?.map((n) => n.virtualNodeName)).toEqual(names);
    const events = await meshEvents(stack, 'crowd');
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(events.filter((e) => e.type === 'VirtualNodeCreated')).toHaveLength(20);
  });
});
