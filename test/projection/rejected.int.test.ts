import { describe, expect, it } from 'vitest';
import { createProjector } from '../../core/application/projector.js';
import type { Rejected } from '../../core/projection/projection.js';
import { create, id, projectorHarness } from './projectorHarness.js';

// The API refuses input that cannot compile to a config Envoy accepts, so a
// snapshot the validator refuses is a compiler bug: the projector writes none
// for that proxy and tells its hook (the Lambda logs it) which field failed.
// The event here goes through the command handler but not the API's validation.

const mesh = 'rejects';
const zeroInterval = {
  listeners: [{
    portMapping: { port: 8080, protocol: 'http' },
    outlierDetection: { maxServerErrors: 5, interval: { unit: 's', value: 0 }, baseEjectionDuration: { unit: 's', value: 10 }, maxEjectionPercent: 10 },
  }],
  serviceDiscovery: { dns: { hostname: 'bad.local' } },
};

describe('a snapshot Envoy would refuse', () => {
  it('is not written, and the hook hears which proxy, resource and field failed', async () => {
    const h = await projectorHarness('rejected');
    await h.run(create(id('mesh', mesh, mesh)));
    await h.run(create(id('virtualNode', mesh, 'good'), { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'good.local' } } }));
    await h.run(create(id('virtualNode', mesh, 'bad'), zeroInterval));
    // Outlier detection is compiled onto the callers' egress clusters: the client's snapshot is the one refused.
    await h.run(create(id('virtualService', mesh, 'bad.svc'), { provider: { virtualNode: { virtualNodeName: 'bad' } } }));
    await h.run(create(id('virtualNode', mesh, 'client'), { backends: [{ virtualService: { virtualServiceName: 'bad.svc' } }] }));
    const rejected: Rejected[] = [];
    await createProjector(h.store, undefined, { onRejected: (_mesh, refused) => rejected.push(refused) }).projectStream(await h.streamOf(mesh));

    expect(rejected.map((r) => r.target)).toEqual(['virtualNode/client']);
    expect(rejected[0]?.violations.map((v) => `${v.resourceType} ${v.path}`)).toContainEqual(expect.stringMatching(/^cluster .*outlierDetection\.interval/));
    expect(await h.store.getSnapshot(mesh, 'virtualNode/client')).toBeUndefined();
    for (const fine of ['virtualNode/good', 'virtualNode/bad'] as const) expect(await h.store.getSnapshot(mesh, fine)).toBeDefined();
  });
});
