// The warm projector recompiles only what a change reaches; a cold start
// compiles everything. Both must publish the same thing after every step,
// or a proxy's config would depend on when its projector last restarted
// (DESIGN: a projection heals to the fold of the log). Property-based over
// orders of the golden meshes' changes and deletions of any subset of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOfId } from '../../core/projection/meshState.js';
import { snapshotDifferences } from './goldenDiff.js';
import type { GoldenMesh } from './goldenMeshes.js';
import { goldenMeshes } from './goldenMeshes.js';
import type { Published, Step } from './meshSteps.js';
import { coldProjection, deletion, describeStep, renumbered, survivors, warmProjector } from './meshSteps.js';

// Fixed so a failure reproduces (fast-check prints the seed and path of the smallest
// counterexample); PROPERTY_SEED and PROPERTY_RUNS explore further. Few runs by default:
// each checks a cold start after every step, and a cold start compiles and validates every proxy.
const seed = Number(process.env['PROPERTY_SEED'] ?? 20260930);
const numRuns = Number(process.env['PROPERTY_RUNS'] ?? 4);

/** Where warm and cold disagree after a step, target by target. */
function disagreements(warm: Published, cold: Published): string[] {
  const lines: string[] = [];
  for (const target of new Set([...warm.keys(), ...cold.keys()])) {
    const w = warm.get(target);
    const c = cold.get(target);
    if (w && c && ('version' in w) && ('version' in c) && w.version === c.version) continue;
    if (JSON.stringify(w) === JSON.stringify(c)) continue;
    if (!c) lines.push(`${target}: still published warm, but a cold start has no snapshot (a removal not reported?)`);
    else if (!w) lines.push(`${target}: never published warm, but a cold start has one`);
    else if ('version' in w && 'version' in c) lines.push(`${target}: warm -> cold\n${snapshotDifferences(w, c).map((l) => `    ${l}`).join('\n')}`);
    else lines.push(`${target}: warm ${JSON.stringify('rejected' in w ? w : 'a snapshot')}, cold ${JSON.stringify('rejected' in c ? c : 'a snapshot')}`);
  }
  return lines;
}

/** Runs the steps warm, comparing with a cold start of the same prefix after each one. */
function expectWarmEqualsColdAfterEachStep(mesh: GoldenMesh, steps: readonly Step[]): void {
  const warm = warmProjector(mesh.name);
  steps.forEach((step, i) => {
    warm.apply(step);
    const differences = disagreements(warm.published, coldProjection(mesh.name, steps.slice(0, i + 1)));
    if (differences.length) throw new Error(`after step ${i + 1} of ${steps.length}, ${describeStep(step)}:\n${differences.join('\n')}\nsteps:\n${steps.map(describeStep).join('\n')}`);
  });
}

const asWritten = (mesh: GoldenMesh): Step[] => [...mesh.events.map((event) => ({ event })), ...(mesh.instances ?? []).map((register) => ({ register }))];

/**
 * Any order of the mesh's changes that keeps each resource's own events in
 * order (the mesh first, as every change needs it), with instances
 * registered anywhere; then a random subset of what is left deleted in random
 * order, instances deregistered among them, and sometimes the mesh last.
 */
function scenario(mesh: GoldenMesh): fc.Arbitrary<Step[]> {
  const [meshEvent, ...rest] = mesh.events;
  const chains = new Map<string, Step[]>();
  for (const event of rest) chains.set(keyOfId(event.resource.id), [...(chains.get(keyOfId(event.resource.id)) ?? []), { event }]);
  for (const register of mesh.instances ?? []) chains.set(`instance ${register.instanceId}`, [{ register }]);
  const total = [...chains.values()].reduce((n, c) => n + c.length, 0);
  const endState = [...survivors(mesh.events).entries()].filter(([key]) => key !== 'mesh').map(([, last]) => ({ event: deletion(last) }) as Step);
  const removable = [...endState, ...(mesh.instances ?? []).map((deregister) => ({ deregister }) as Step)];
  return fc
    .record({ picks: fc.array(fc.nat(), { minLength: total, maxLength: total }), tail: fc.shuffledSubarray(removable), deleteMesh: fc.boolean() })
    .map(({ picks, tail, deleteMesh }) => {
      const heads = [...chains.values()].map((c) => [...c]);
      const order: Step[] = [{ event: meshEvent! }];
      for (const pick of picks) {
        const live = heads.filter((c) => c.length > 0);
        order.push(live[pick % live.length]!.shift()!);
      }
      // Deregistrations keep each instance after its registration; they are in the tail, after every registration.
      const meshDeletion: Step[] = deleteMesh ? [{ event: deletion(meshEvent!) }] : [];
      return renumbered([...order, ...tail, ...meshDeletion]);
    });
}

describe.each(goldenMeshes.map((mesh) => [mesh.name, mesh] as const))('warm projection of golden mesh %s', (_name, mesh) => {
  it('publishes after each event of the log as written what a cold start of that prefix publishes', () => {
    expectWarmEqualsColdAfterEachStep(mesh, renumbered(asWritten(mesh)));
  }, 60_000);

  it('publishes what a cold start does after each step, in any order of independent changes and through deletions of any subset', () => {
    fc.assert(fc.property(scenario(mesh), (steps) => expectWarmEqualsColdAfterEachStep(mesh, steps)), { seed, numRuns });
  }, 180_000);

  it('reports every proxy as removed, one step at a time, as its virtual node or gateway is deleted', () => {
    const steps = renumbered([...asWritten(mesh), ...[...survivors(mesh.events).values()].filter((e) => e.resource.id.kind !== 'mesh').map((e) => ({ event: deletion(e) }))]);
    const warm = warmProjector(mesh.name);
    const removed: string[] = [];
    for (const step of steps) for (const change of warm.apply(step).changes) if ('removed' in change) removed.push(change.target);
    const proxies = [...survivors(mesh.events).keys()].filter((key) => /^virtual(Node|Gateway)\//.test(key));
    expect(proxies.length).toBeGreaterThan(0);
    expect(new Set(removed)).toEqual(new Set(proxies));
    expect(warm.published.size).toBe(0);
  });
});
