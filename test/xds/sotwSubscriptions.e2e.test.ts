// State-of-the-world ADS: what each client is sent, and in which order.
import { afterEach, describe, expect, it } from 'vitest';
import { ack, names } from './adsClient.js';
import { closeAll, eventually, handshake, startHarness } from './adsHarness.js';
import { CDS, EDS, LDS, RDS, SDS, baseResources, edsCluster, endpoints, listener, node, otherNode, route, snapshot } from './fixtures/snapshots.js';

afterEach(closeAll);

describe('state-of-the-world ADS subscriptions', () => {
  it('sends every listener and cluster to a wildcard request, and only the named ones otherwise', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();

    stream.send({ node: { id: node }, typeUrl: LDS });
    expect(names(await stream.next())).toEqual(['lds_ingress']);
    stream.send({ typeUrl: CDS, resourceNames: ['cds_b'] });
    const named = await stream.next();
    expect(names(named)).toEqual(['cds_b']);
    stream.send({ typeUrl: EDS, resourceNames: ['cds_a'] });
    expect(names(await stream.next())).toEqual(['cds_a']);
    stream.send(ack(named, ['*']));
    expect(names(await stream.next())).toEqual(['cds_a', 'cds_b']);
  });

  it('keeps API listeners for proxyless clients out of the wildcard, and serves them by name', async () => {
    const ads = await startHarness();
    const base = baseResources();
    const hcm = { '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: 'rds_a' } };
    ads.cache.set(snapshot(node, { ...base, listener: [...base.listener, { name: 'svc.local:8080', apiListener: { apiListener: hcm } }] }));
    const envoy = ads.sotw();
    envoy.send({ node: { id: node }, typeUrl: LDS });
    expect(names(await envoy.next())).toEqual(['lds_ingress']);
    const grpcClient = ads.sotw();
    grpcClient.send({ node: { id: node }, typeUrl: LDS, resourceNames: ['svc.local:8080'] });
    expect(names(await grpcClient.next())).toEqual(['svc.local:8080']);
  });

  it('leaves a named subscriber alone when only resources it did not ask for change', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    stream.send({ node: { id: node }, typeUrl: CDS, resourceNames: ['cds_b'] });
    stream.send(ack(await stream.next(), ['cds_b']));

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a', 7), edsCluster('cds_b')] }));

    await stream.expectNothingSent();
  });

  it('answers a grown subscription at once, and sends a requested resource when it comes into existence', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    stream.send({ node: { id: node }, typeUrl: EDS, resourceNames: ['cds_a'] });
    const first = await stream.next();

    stream.send(ack(first, ['cds_a', 'cds_c']));
    const grown = await stream.next();
    expect(names(grown)).toEqual(['cds_a']);
    stream.send(ack(grown, ['cds_a', 'cds_c']));
    ads.cache.set(snapshot(node, { ...base, cluster: [...base.cluster, edsCluster('cds_c')], endpoint: [...base.endpoint, endpoints('cds_c', 8082)] }));

    expect(names(await stream.next())).toEqual(['cds_a', 'cds_c']);
  });

  it('pushes a change in make-before-break order: clusters, endpoints, listeners, routes', async () => {
    const ads = await startHarness();
    ads.cache.set(snapshot(node, baseResources()));
    const stream = ads.sotw();
    await handshake(stream);

    ads.cache.set(snapshot(node, {
      listener: [listener('lds_ingress', 15001, 'rds_ingress')],
      route: [route('rds_ingress', 'cds_c')],
      cluster: [edsCluster('cds_a'), edsCluster('cds_b'), edsCluster('cds_c')],
      endpoint: [endpoints('cds_a', 9080), endpoints('cds_b', 8081), endpoints('cds_c', 8082)],
    }));

    const pushed = [await stream.next(), await stream.next(), await stream.next(), await stream.next()];
    expect(pushed.map((r) => r.typeUrl)).toEqual([CDS, EDS, LDS, RDS]);
    expect(names(pushed[0]!)).toEqual(['cds_a', 'cds_b', 'cds_c']);
  });

  it('holds a listener change back until the cluster change before it is ACKed', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    await handshake(stream);
    await stream.expectNothingSent(); // every ACK handled: the status shows only what comes next
    const sent = () => Object.fromEntries(Object.entries(ads.server.status()[0]?.types ?? {}).map(([type, s]) => [type, s.pendingVersion]));
    ads.cache.set(snapshot(node, { ...base, cluster: [...base.cluster, edsCluster('cds_c')] }));
    // A push is written, and recorded, before set() returns: that is what makes the check below a proof.
    const pushed = sent()[CDS];
    expect(pushed).toBeDefined();
    const unacked = await stream.next();
    expect(unacked.typeUrl).toBe(CDS);

    const clusters = [...base.cluster, edsCluster('cds_c'), edsCluster('cds_d')];
    ads.cache.set(snapshot(node, { ...base, cluster: clusters, listener: [listener('lds_ingress', 15002, 'rds_ingress')] }));
    // No barrier can be answered here (the held CDS holds back every type after it), so the server's own record says nothing more went out.
    expect({ ...sent(), [SDS]: 'the barrier' }).toEqual({ [CDS]: pushed, [EDS]: undefined, [LDS]: undefined, [RDS]: undefined, [SDS]: 'the barrier' });
    stream.send(ack(unacked));

    const [cds, lds] = [await stream.next(), await stream.next()];
    expect([cds.typeUrl, lds.typeUrl]).toEqual([CDS, LDS]);
    expect(names(cds)).toEqual(['cds_a', 'cds_b', 'cds_c', 'cds_d']);
  });

  it('leaves a removed cluster out of the next CDS response', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    const stream = ads.sotw();
    await handshake(stream);

    ads.cache.set(snapshot(node, { ...base, cluster: [edsCluster('cds_a')], endpoint: [endpoints('cds_a', 8080)] }));

    const cds = await stream.next();
    expect(cds.typeUrl).toBe(CDS);
    expect(names(cds)).toEqual(['cds_a']);
  });

  it('sends a reconnecting client everything again, even with the versions it already has', async () => {
    const ads = await startHarness();
    ads.cache.set(snapshot(node, baseResources()));
    const lost = ads.sotw();
    const before = await handshake(lost);
    lost.close();

    const stream = ads.sotw();
    stream.send({ node: { id: node }, typeUrl: CDS, versionInfo: before.cds.versionInfo });
    const cds = await stream.next();
    stream.send({ typeUrl: LDS, versionInfo: before.lds.versionInfo });
    const lds = await stream.next();

    expect(names(cds)).toEqual(['cds_a', 'cds_b']);
    expect(cds.versionInfo).toBe(before.cds.versionInfo);
    expect(names(lds)).toEqual(['lds_ingress']);
  });

  it('serves clients on different node ids their own snapshots, and pushes a change only to its node', async () => {
    const ads = await startHarness();
    const base = baseResources();
    ads.cache.set(snapshot(node, base));
    ads.cache.set(snapshot(otherNode, { ...base, cluster: [edsCluster('cds_api')] }));
    const web = ads.sotw();
    const api = ads.sotw();
    await handshake(web, node);
    api.send({ node: { id: otherNode }, typeUrl: CDS });
    const apiClusters = await api.next();
    expect(names(apiClusters)).toEqual(['cds_api']);
    api.send(ack(apiClusters));

    ads.cache.set(snapshot(otherNode, { ...base, cluster: [edsCluster('cds_api'), edsCluster('cds_api_v2')] }));

    expect(names(await api.next())).toEqual(['cds_api', 'cds_api_v2']);
    await web.expectNothingSent();
    expect(ads.server.status().map((s) => s.servedNode).sort()).toEqual([otherNode, node]);
  });

  it("serves the agent's own node to a client with no node id, or with one the agent has no snapshot for", async () => {
    const ads = await startHarness(node);
    ads.cache.set(snapshot(node, baseResources()));
    const anonymous = ads.sotw();
    const stranger = ads.sotw();

    anonymous.send({ typeUrl: CDS });
    stranger.send({ node: { id: 'mesh/demo/virtualNode/ghost' }, typeUrl: CDS });

    expect(names(await anonymous.next())).toEqual(['cds_a', 'cds_b']);
    expect(names(await stranger.next())).toEqual(['cds_a', 'cds_b']);
    const byNodeId = Object.fromEntries(ads.server.status().map((s) => [s.nodeId, s.servedNode]));
    expect(byNodeId).toEqual({ '': node, 'mesh/demo/virtualNode/ghost': node });
  });

  it('parks a request until the node has a snapshot', async () => {
    const ads = await startHarness();
    const stream = ads.sotw();
    stream.send({ node: { id: node }, typeUrl: CDS });
    // The node is recorded as the request is handled, so once it shows the request is parked, not yet to come.
    await eventually(() => ads.server.status()[0]?.nodeId === node);

    ads.cache.set(snapshot(node, baseResources()));

    // Nothing can prove silence while parked (a barrier would park too): the first message the stream ever gets is the snapshot's.
    const first = await stream.next();
    expect(names(first)).toEqual(['cds_a', 'cds_b']);
  });
});
