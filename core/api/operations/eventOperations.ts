import { badRequest, notFound } from '../../errors.js';
import type { JsonObject } from '../../domain/resource.js';
import type { RawInput } from '../parseInput.js';
import type { StoredEvent } from '../../domain/events.js';
import { toData } from '../serialize.js';
import type { OperationHandler } from './context.js';

/** Weft's own routes, beside App Mesh's: the mesh's history. */
export const eventRoutes = [{ operation: 'ListMeshEvents', method: 'GET', template: '/v1/meshes/{meshName}/events' }];

export const maxEventsPage = 1000;

function integerParam(raw: RawInput, name: string, min: number, max: number): number | undefined {
  const value = raw.query[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw badRequest(`${name}: must be an integer from ${min} to ${max} (got '${value}')`);
  return Number(value);
}

export function parseEventsInput(raw: RawInput): JsonObject {
  const meshName = raw.labels['meshName'] ?? '';
  if (!/^[A-Za-z0-9_.-]{1,255}$/.test(meshName)) throw badRequest('meshName: must be 1-255 letters, digits, hyphens, underscores or periods');
  return { meshName, afterVersion: integerParam(raw, 'afterVersion', 0, Number.MAX_SAFE_INTEGER), limit: integerParam(raw, 'limit', 1, maxEventsPage) };
}

export function eventToJson(event: StoredEvent): Record<string, unknown> {
  return {
    version: event.version,
    type: event.type,
    at: new Date(event.at).toISOString(),
    actor: event.actor,
    requestId: event.requestId,
    ...(event.clientToken !== undefined ? { clientToken: event.clientToken } : {}),
    resource: toData(event.resource),
  };
}

export const eventOperations: Record<string, OperationHandler> = {
  ListMeshEvents: async (ctx) => {
    const mesh = ctx.input['meshName'] as string;
    const afterVersion = (ctx.input['afterVersion'] as number | undefined) ?? 0;
    const limit = (ctx.input['limit'] as number | undefined) ?? 100;
    const events = await ctx.deps.store.readEvents(mesh, afterVersion, limit);
    if (!events) throw notFound(`Mesh '${mesh}' does not exist.`);
    const last = events[events.length - 1];
    return { events: events.map(eventToJson), ...(events.length === limit && last ? { nextAfterVersion: last.version } : {}) };
  },
};
