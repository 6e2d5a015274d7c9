import type { SnapshotReader, SnapshotWatch, StoredSnapshot } from '../../application/projectorPorts.js';
import type { JsonObject } from '../../domain/resource.js';
import { badRequest, notFound } from '../../errors.js';
import type { TargetKey } from '../../projection/projection.js';
import type { RawInput } from '../parseInput.js';

/** Weft's config endpoint for agents. */
export const snapshotRoutes = [
  { operation: 'GetVirtualNodeSnapshot', method: 'GET', template: '/v1/meshes/{meshName}/virtualNodes/{name}/snapshot' },
  { operation: 'GetVirtualGatewaySnapshot', method: 'GET', template: '/v1/meshes/{meshName}/virtualGateways/{name}/snapshot' },
];

export const maxWaitSeconds = 20;

export interface SnapshotDeps {
  readonly snapshots: SnapshotReader;
  /** Present where long polls are possible (the local runtime). */
  readonly watch?: SnapshotWatch;
  readonly now: () => number;
}

export interface SnapshotQuery {
  readonly mesh: string;
  readonly target: TargetKey;
  /** The version the caller has (If-None-Match), unquoted. */
  readonly known?: string;
  readonly waitMs: number;
}

const namePattern = /^[A-Za-z0-9_.-]{1,255}$/;

export function parseSnapshotQuery(operation: string, raw: RawInput, ifNoneMatch: string | undefined): SnapshotQuery {
  const mesh = raw.labels['meshName'] ?? '';
  const name = raw.labels['name'] ?? '';
  if (!namePattern.test(mesh)) throw badRequest('meshName: must be 1-255 letters, digits, hyphens, underscores or periods');
  if (!namePattern.test(name)) throw badRequest('name: must be 1-255 letters, digits, hyphens, underscores or periods');
  const wait = raw.query['wait'];
  if (wait !== undefined && (!/^\d+$/.test(wait) || Number(wait) > maxWaitSeconds)) throw badRequest(`wait: must be whole seconds from 0 to ${maxWaitSeconds} (got '${wait}')`);
  const kind = operation === 'GetVirtualGatewaySnapshot' ? 'virtualGateway' : 'virtualNode';
  const known = ifNoneMatch?.replace(/^W\//, '').replace(/^"|"$/g, '');
  return { mesh, target: `${kind}/${name}`, ...(known ? { known } : {}), waitMs: Number(wait ?? 0) * 1000 };
}

/**
 * The current snapshot, or `unchanged` when the caller already has it. With a
 * wait and a watch, holds the request until the version differs from the
 * caller's (or a snapshot first appears), or the wait runs out.
 */
export async function readSnapshot(query: SnapshotQuery, deps: SnapshotDeps): Promise<StoredSnapshot | 'unchanged'> {
  const deadline = deps.now() + (deps.watch ? query.waitMs : 0);
  for (;;) {
    const remaining = deadline - deps.now();
    const stop = new AbortController();
    // Listen before reading, so a change landing in between still wakes us.
    const woken = deps.watch && remaining > 0 ? deps.watch(query.mesh, query.target, remaining, stop.signal) : undefined;
    const stored = await deps.snapshots.getSnapshot(query.mesh, query.target);
    if ((stored && stored.version !== query.known) || !woken) {
      stop.abort();
      if (stored && stored.version !== query.known) return stored;
      if (!stored) throw notFound(`No snapshot for ${query.target} in mesh '${query.mesh}': the ${query.target.startsWith('virtualNode') ? 'virtual node' : 'virtual gateway'} does not exist (yet).`);
      return 'unchanged';
    }
    await woken;
  }
}

export const snapshotBody = (stored: StoredSnapshot): JsonObject => ({ ...stored.snapshot, meshVersion: stored.meshVersion });
