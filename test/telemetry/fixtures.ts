import { readFileSync } from 'node:fs';

/**
 * Envoy admin output for the `gateway` mesh's `edge` virtual gateway at two
 * moments: `/stats?format=json` (edge.stats.<n>.json) and `/stats/prometheus`
 * (edge.prometheus.<n>.txt, with Envoy's default tag extraction and the image's
 * appmesh_* tags). Envoy cannot run here: the names and layouts follow Envoy's
 * documented statistics (cluster manager, HTTP connection manager, listener,
 * gRPC stats filter) and admin output formats.
 */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
