import { readFileSync } from 'node:fs';
import type { Snapshot } from '../projection/snapshot.js';

const root = new URL('../../', import.meta.url);

/** A compiler golden: the complete snapshot Weft compiles for one proxy (test/projection/goldens). */
export function goldenSnapshot(path: `${string}/${'virtualNode' | 'virtualGateway'}/${string}`): Snapshot {
  return JSON.parse(readFileSync(new URL(`test/projection/goldens/${path}.json`, root), 'utf8')) as Snapshot;
}

/**
 * Envoy admin output for the `gateway` mesh's `edge` virtual gateway at two
 * moments: `/stats?format=json` (edge.stats.<n>.json) and `/stats/prometheus`
 * (edge.prometheus.<n>.txt, with Envoy's default tag extraction and the image's
 * appmesh_* tags). Envoy cannot run here: the names and layouts follow Envoy's
 * documented statistics (cluster manager, HTTP connection manager, listener,
 * gRPC stats filter) and admin output formats.
 */
export function fixture(name: string): string {
  return readFileSync(new URL(`core/telemetry/fixtures/${name}`, root), 'utf8');
}
