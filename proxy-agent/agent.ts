import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Snapshot } from '../core/projection/snapshot.js';
import { checkSnapshot, startFetchLoop } from './fetchLoop.js';
import type { NodeIdentity } from './nodeIdentity.js';
import { envoyNodeIdOf } from './nodeIdentity.js';
import { controlPlaneHttp } from './controlPlaneHttp.js';
import { snapshotFile } from './snapshotFile.js';
import { startStatusReporter } from './statusReporter.js';
import { startAdsServer } from './xds/adsServer.js';
import { SnapshotCache } from './xds/snapshotCache.js';

export interface AgentOptions {
  readonly identity: NodeIdentity;
  readonly controlPlane: string;
  /** host:port or unix:/path for the ADS server. */
  readonly xdsAddress: string;
  readonly pollIntervalMs: number;
  readonly cacheDir: string;
  readonly region: string;
  readonly statusIntervalMs?: number;
  readonly log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface Agent {
  readonly xdsPort: number;
  readonly agentId: string;
  /** The snapshot being served, if any. */
  current(): Snapshot | undefined;
  stop(): Promise<void>;
}

const defaultLog = (message: string, details?: Record<string, unknown>) => console.error(JSON.stringify({ level: 'info', message, ...details }));

/**
 * The one Weft process on each host: serves the node's last good snapshot over
 * ADS from the moment it starts (from disk when the control plane is down),
 * keeps it current, and reports what every connected proxy runs.
 */
export async function startAgent(options: AgentOptions): Promise<Agent> {
  const log = options.log ?? defaultLog;
  const nodeId = envoyNodeIdOf(options.identity);
  const agentId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const cache = new SnapshotCache();
  const file = snapshotFile(options.cacheDir, nodeId);

  const saved = await file.load();
  if (saved && !checkSnapshot(saved, nodeId)) {
    cache.set(saved);
    log('serving the last good snapshot from disk', { version: saved.version, file: file.file });
  }
  const refusals: { version?: string; reason: string; at: string }[] = [];
  const ads = await startAdsServer({ source: cache, fallbackNode: nodeId, address: options.xdsAddress });
  const http = await controlPlaneHttp(options.region);
  const loop = startFetchLoop({
    controlPlane: options.controlPlane,
    identity: options.identity,
    http,
    pollIntervalMs: options.pollIntervalMs,
    ...(saved ? { initialVersion: saved.version } : {}),
    accept: async (snapshot) => {
      cache.set(snapshot); // throws, and keeps the previous one, if the snapshot does not encode
      await file.save(snapshot);
      log('serving snapshot', { version: snapshot.version });
    },
    refused: (snapshot, reason) => {
      refusals.push({ ...(snapshot ? { version: snapshot.version } : {}), reason, at: new Date().toISOString() });
      refusals.splice(0, refusals.length - 5);
      log('refused a snapshot; the last good one stays', { version: snapshot?.version, reason });
    },
    log,
  });
  const reporter = startStatusReporter({
    controlPlane: options.controlPlane,
    identity: options.identity,
    agentId,
    http,
    intervalMs: options.statusIntervalMs ?? 5000,
    collect: () => ({ snapshotVersion: cache.current(nodeId)?.version, proxies: ads.status(), refusals: [...refusals] }),
    log,
  });
  return {
    xdsPort: ads.port,
    agentId,
    current: () => cache.current(nodeId),
    async stop() {
      await loop.stop();
      await reporter.stop();
      await ads.close();
    },
  };
}
