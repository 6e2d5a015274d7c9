// State-of-the-world ADS over a real gRPC stream: per-type versions, nonces,
// ACK and NACK, as the xDS protocol doc describes them.
import { afterEach, describe, expect, it } from 'vitest';
import { ack, nack, names } from './adsClient.js';
import { closeAll, eventually, handshake, startHarness } from './adsHarness.js';
import { CDS, EDS, LDS, RDS, baseResources, edsCluster, endpoints, node, snapshot } from './fixtures/snapshots.js';

afterEach(closeAll);

describe('state-of-the-world ADS', () => {
  it('answers each type it is asked for and records every ACK in the client status', async () => {
    const ads = await startHarness();
    ads.cache.set(snapshot(node, baseResources()));
    const stream = ads.sotw();

    const { cds, eds, lds, rds } = await handshake(stream);

    expect([cds, eds, lds, rds].map((r) => r.typeUrl)).toEqual([CDS, EDS, LDS, RDS]);
    expect(names(cds)).toEqual(['cds_a', 'cds_b']);
    expect(names(eds)).toEqual(['cds_a', 'cds_b']);
    expect(names(lds)).toEqual(['lds_ingress']);
    expect(names(rds)).toEqual(['rds_ingress']);
    expect(new Set([cds, eds, lds, rds].map((r) => r.nonce)).size).toBe(4);
    await stream.expectNothingSent(); // the ACKs needed no answer, and have all been handled
    const [status] = ads.server.status();
    expect(status).toMatchObject({
      protocol: 'sotw',
      nodeId: node,
      servedNode: node,
      types: { [CDS]: { ackedVersion: cds.versionInfo }, [EDS]: { ackedVersion: eds.versionInfo }, [LDS]: { ackedVersion: lds.versionInfo }, [RDS]: { ackedVersion: rds.versionInfo } },
    });
    expect(status?.lastNack).toBeUndefined();
  });

  it('versions each type by its own resources, so a cluster change pushes CDS and nothing else', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    const first = await handshake(stream);

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a'), edsCluster('cds_b', 5)] }));

    const cds = await stream.next();
    expect(cds.typeUrl).toBe(CDS);
    expect(cds.versionInfo).not.toBe(first.cds.versionInfo);
    expect(names(cds)).toEqual(['cds_a', 'cds_b']);
    stream.send(ack(cds));
    await stream.expectNothingSent();
  });

  it('never resends a type whose resources did not change, whatever the snapshot version says', async () => {
    const ads = await startHarness();
    const same = snapshot(node, baseResources());
    ads.cache.set(same);
    const stream = ads.sotw();
    await handshake(stream);

    ads.cache.set({ ...same, version: 'a-new-version-with-the-same-content' });
    ads.cache.set(same);

    await stream.expectNothingSent();
  });

  it('records a NACK, does not resend the rejected config, and clears the NACK once a fixed snapshot is ACKed', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    const good = await handshake(stream);

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a'), edsCluster('cds_b', 0)] }));
    const rejected = await stream.next();
    stream.send(nack(rejected, good.cds.versionInfo, 'cds_b: connect timeout must be positive'));
    // Another request with the same nonce is no second answer: the client still runs the good version.
    stream.send({ versionInfo: good.cds.versionInfo, responseNonce: rejected.nonce, typeUrl: CDS });

    await stream.expectNothingSent();
    const [afterNack] = ads.server.status();
    expect(afterNack?.lastNack).toMatchObject({ typeUrl: CDS, version: rejected.versionInfo, message: 'cds_b: connect timeout must be positive' });
    expect(afterNack?.types[CDS]?.ackedVersion).toBe(good.cds.versionInfo);

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a'), edsCluster('cds_b', 2)] }));
    const fixed = await stream.next();
    expect(fixed.typeUrl).toBe(CDS);
    stream.send(ack(fixed));

    await eventually(() => ads.server.status()[0]?.types[CDS]?.ackedVersion === fixed.versionInfo);
    const [recovered] = ads.server.status();
    expect(recovered?.lastNack).toBeUndefined();
    expect(recovered?.types[CDS]?.nack).toBeUndefined();
  });

  it('ignores a request carrying a stale nonce, and answers the next one that carries the latest', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    const first = await handshake(stream);
    const hint = { versionInfo: first.eds.versionInfo, responseNonce: first.eds.nonce, typeUrl: EDS, resourceNames: ['cds_a', 'cds_b', 'cds_c'] };

    ads.cache.set(snapshot(node, { ...base, endpoint: [endpoints('cds_a', 9090), endpoints('cds_b', 8081)] }));
    const pushed = await stream.next();
    expect(pushed.typeUrl).toBe(EDS);
    // A resource hint the client sent before it saw `pushed`: stale, as it is if it comes again later.
    stream.send(hint);
    await stream.expectNothingSent();
    stream.send(ack(pushed, ['cds_a', 'cds_b']));
    stream.send(hint);
    await stream.expectNothingSent();
    expect(ads.server.status()[0]?.types[EDS]?.ackedVersion).toBe(pushed.versionInfo);

    stream.send({ ...hint, versionInfo: pushed.versionInfo, responseNonce: pushed.nonce });
    const answered = await stream.next();
    expect(answered.typeUrl).toBe(EDS);
    expect(names(answered)).toEqual(['cds_a', 'cds_b']);
    expect(answered.nonce).not.toBe(pushed.nonce);
  });
});
