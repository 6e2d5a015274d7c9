import type { SnapshotReader, SnapshotWatch, StoredSnapshot } from '../../application/projectorPorts.js';
import type { JsonObject } from '../../domain/resource.js';
import { notFound } from '../../errors.js';
import type { TargetKey } from '../../projection/projection.js';
import { integerQuery, nameLabel } from '../weftInput.js';
import type { InputParser, OperationHandler } from './context.js';
import { Answer } from './context.js';

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

function snapshotQuery(kind: 'virtualNode' | 'virtualGateway'): InputParser {
  return (raw) => ({
    mesh: nameLabel(raw, 'meshName'),
    target: `${kind}/${nameLabel(raw, 'name')}`,
    waitMs: (integerQuery(raw, 'wait', 0, maxWaitSeconds) ?? 0) * 1000,
  });
}

export const snapshotParsers: Record<string, InputParser> = {
  GetVirtualNodeSnapshot: snapshotQuery('virtualNode'),
  GetVirtualGatewaySnapshot: snapshotQuery('virtualGateway'),
};

/** The agents' config endpoint speaks HTTP caching: an ETag per version, 304 when the caller is current. */
const getSnapshot: OperationHandler = async (ctx) => {
  const known = ctx.request.headers['if-none-match']?.replace(/^W\//, '').replace(/^"|"$/g, '');
  const query = { ...(ctx.input as unknown as Omit<SnapshotQuery, 'known'>), ...(known ? { known } : {}) };
  const result = await readSnapshot(query, ctx.deps);
  if (result === 'unchanged') return new Answer(304, undefined, { 'cache-control': 'no-cache', etag: `"${known ?? ''}"` });
  return new Answer(200, snapshotBody(result), { 'cache-control': 'no-cache', etag: `"${result.version}"` });
};

export const snapshotOperations: Record<string, OperationHandler> = { GetVirtualNodeSnapshot: getSnapshot, GetVirtualGatewaySnapshot: getSnapshot };

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
