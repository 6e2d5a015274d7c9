// An ADS server on 127.0.0.1:0 fed by an in-memory cache, and real client
// streams to it; everything opened is closed by closeAll(), pass or fail.
import type { AdsServer } from '../../proxy-agent/xds/adsServer.js';
import { startAdsServer } from '../../proxy-agent/xds/adsServer.js';
import { SnapshotCache } from '../../proxy-agent/xds/snapshotCache.js';
import type { DiscoveryResponse } from '../../proxy-agent/xds/discoveryService.js';
import type { DeltaStream, SotwStream } from './adsClient.js';
import { AdsStream, ack, names } from './adsClient.js';
import { CDS, EDS, LDS, RDS, node } from './fixtures/snapshots.js';

const closers: (() => unknown)[] = [];

/** For afterEach: closes every stream and server opened since the last call, newest first. */
export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

export interface Harness {
  readonly cache: SnapshotCache;
  readonly server: AdsServer;
  /** A new state-of-the-world stream; the test's first request names the node. */
  sotw(): SotwStream;
  delta(): DeltaStream;
}

export async function startHarness(fallbackNode = node): Promise<Harness> {
  const cache = new SnapshotCache();
  const server = await startAdsServer({ source: cache, fallbackNode });
  closers.push(() => server.close());
  const open = <S extends { close(): void }>(stream: S): S => {
    closers.push(() => stream.close());
    return stream;
  };
  return {
    cache,
    server,
    sotw: () => open(AdsStream.sotw(server.port)),
    delta: () => open(AdsStream.delta(server.port)),
  };
}

/** Resolves once `condition` holds: a status update, say, lands only after the request crossed the wire. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Handshake {
  readonly cds: DiscoveryResponse;
  readonly eds: DiscoveryResponse;
  readonly lds: DiscoveryResponse;
  readonly rds: DiscoveryResponse;
}

/** What Envoy does on a new stream: CDS, EDS for its clusters, LDS, RDS for its route configs, ACKing each. */
export async function handshake(stream: SotwStream, nodeId: string | undefined = node, routes = ['rds_ingress']): Promise<Handshake> {
  stream.send({ ...(nodeId !== undefined ? { node: { id: nodeId } } : {}), typeUrl: CDS });
  const cds = await stream.next();
  stream.send(ack(cds));
  const clusters = names(cds);
  stream.send({ typeUrl: EDS, resourceNames: clusters });
  const eds = await stream.next();
  stream.send(ack(eds, clusters));
  stream.send({ typeUrl: LDS });
  const lds = await stream.next();
  stream.send(ack(lds));
  stream.send({ typeUrl: RDS, resourceNames: routes });
  const rds = await stream.next();
  stream.send(ack(rds, routes));
  return { cds, eds, lds, rds };
}
