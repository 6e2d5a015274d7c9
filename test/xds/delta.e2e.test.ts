// Incremental (delta) ADS over a real gRPC stream.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeltaDiscoveryResponse } from '../../proxy-agent/xds/discoveryService.js';
import { closeAll, eventually, startHarness } from './adsHarness.js';
import { CDS, EDS, baseResources, edsCluster, endpoints, node, snapshot } from './fixtures/snapshots.js';

afterEach(closeAll);

const sent = (response: DeltaDiscoveryResponse) => response.resources.map((r) => r.name);
const ackOf = (response: DeltaDiscoveryResponse) => ({ typeUrl: response.typeUrl, responseNonce: response.nonce });

/** A harness serving the base resources to `node`, and a delta stream on it. */
async function deltaOnBase() {
  const ads = await startHarness();
  const base = baseResources();
  ads.cache.set(snapshot(node, base));
  return { ads, base, stream: ads.delta() };
}

describe('delta ADS', () => {
  it('sends a wildcard subscriber every cluster with its own version, then only the cluster that changed', async () => {
    const { ads, base, stream } = await deltaOnBase();

    stream.send({ node: { id: node }, typeUrl: CDS });
    const first = await stream.next();
    expect(sent(first)).toEqual(['cds_a', 'cds_b']);
    expect(first.resources.every((r) => r.version && r.resource?.type_url === CDS)).toBe(true);
    stream.send(ackOf(first));
    await stream.expectNothingSent(); // an ACK needs no answer

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a'), edsCluster('cds_b', 3)] }));
    const update = await stream.next();
    expect(sent(update)).toEqual(['cds_b']);
    expect(update.resources[0]?.version).not.toBe(first.resources[1]?.version);
    expect(update.removedResources).toEqual([]);
  });

  it('names a deleted cluster in removed_resources', async () => {
    const { ads, base, stream } = await deltaOnBase();
    stream.send({ node: { id: node }, typeUrl: CDS });
    stream.send(ackOf(await stream.next()));

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a')], endpoint: [endpoints('cds_a', 8080)] }));

    const update = await stream.next();
    expect(sent(update)).toEqual([]);
    expect(update.removedResources).toEqual(['cds_b']);
  });

  it('sends subscribed resources, says which do not exist, and stops after an unsubscribe', async () => {
    const { ads, base, stream } = await deltaOnBase();

    stream.send({ node: { id: node }, typeUrl: EDS, resourceNamesSubscribe: ['cds_a', 'cds_x'] });
    const first = await stream.next();
    expect(sent(first)).toEqual(['cds_a']);
    expect(first.removedResources).toEqual(['cds_x']);
    stream.send(ackOf(first));

    stream.send({ typeUrl: EDS, resourceNamesUnsubscribe: ['cds_a'] });
    await stream.expectNothingSent(); // an unsubscribe needs no answer (and is now on the server)
    ads.cache.set(snapshot(node, { ...base, endpoint: [endpoints('cds_a', 9999), endpoints('cds_b', 8081)] }));
    await stream.expectNothingSent();

    stream.send({ typeUrl: EDS, resourceNamesSubscribe: ['cds_b'] });
    const added = await stream.next();
    expect(sent(added)).toEqual(['cds_b']);
    expect(added.removedResources).toEqual([]);
  });

  it('ends the legacy wildcard when the first request names a cluster', async () => {
    const { ads, base, stream } = await deltaOnBase();

    stream.send({ node: { id: node }, typeUrl: CDS, resourceNamesSubscribe: ['cds_b'] });
    const first = await stream.next();
    expect(sent(first)).toEqual(['cds_b']);
    stream.send(ackOf(first));
    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a', 2), edsCluster('cds_b')] }));
    await stream.expectNothingSent();
  });

  it("follows an explicit '*' beside a named cluster, and after leaving '*' keeps only the named one", async () => {
    const { ads, base, stream } = await deltaOnBase();

    stream.send({ node: { id: node }, typeUrl: CDS, resourceNamesSubscribe: ['*', 'cds_a'] });
    const first = await stream.next();
    expect(sent(first)).toEqual(['cds_a', 'cds_b']);
    stream.send(ackOf(first));

    stream.send({ typeUrl: CDS, resourceNamesUnsubscribe: ['*'] });
    await stream.expectNothingSent();
    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a', 2), edsCluster('cds_b'), edsCluster('cds_c')] }));
    const named = await stream.next();
    expect(sent(named)).toEqual(['cds_a']);
    expect(named.removedResources).toEqual([]);
    stream.send(ackOf(named));

    // Back on '*': the client dropped cds_b when it left, so it gets it again although it has not changed,
    // with the new cds_c, and not cds_a, which it holds.
    stream.send({ typeUrl: CDS, resourceNamesSubscribe: ['*'] });
    const again = await stream.next();
    expect(sent(again)).toEqual(['cds_b', 'cds_c']);
    expect(again.removedResources).toEqual([]);
  });

  it('skips what a reconnecting client already holds and removes what it holds that is gone', async () => {
    const ads = await startHarness();
    ads.cache.set(snapshot(node, baseResources()));
    const before = ads.delta();
    before.send({ node: { id: node }, typeUrl: CDS });
    const held = await before.next();
    before.close();
    const versions = Object.fromEntries(held.resources.filter((r) => r.name === 'cds_a').map((r) => [r.name, r.version]));

    const stream = ads.delta();
    stream.send({ node: { id: node }, typeUrl: CDS, initialResourceVersions: { ...versions, cds_gone: 'v0' } });

    const resumed = await stream.next();
    expect(sent(resumed)).toEqual(['cds_b']);
    expect(resumed.removedResources).toEqual(['cds_gone']);
  });

  it('records a NACK and clears it when the next push is ACKed', async () => {
    const { ads, base, stream } = await deltaOnBase();
    stream.send({ node: { id: node }, typeUrl: CDS });
    stream.send(ackOf(await stream.next()));

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a', 0), edsCluster('cds_b')] }));
    const rejected = await stream.next();
    stream.send({ ...ackOf(rejected), errorDetail: { code: 3, message: 'cds_a rejected' } });
    await stream.expectNothingSent(); // and the NACK has been handled
    expect(ads.server.status()[0]).toMatchObject({ protocol: 'delta', lastNack: { typeUrl: CDS, version: rejected.systemVersionInfo, message: 'cds_a rejected' } });

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a', 4), edsCluster('cds_b')] }));
    const fixed = await stream.next();
    expect(sent(fixed)).toEqual(['cds_a']);
    stream.send(ackOf(fixed));
    await eventually(() => ads.server.status()[0]?.types[CDS]?.ackedVersion === fixed.systemVersionInfo);
    expect(ads.server.status()[0]?.lastNack).toBeUndefined();
  });
});
