import { notFound } from '../../errors.js';
import { integerQuery, nameLabel } from '../weftInput.js';
import type { StoredEvent } from '../../domain/events.js';
import { toData } from '../serialize.js';
import type { InputParser, OperationHandler } from './context.js';

/** Weft's own routes, beside App Mesh's: the mesh's history. */
export const eventRoutes = [{ operation: 'ListMeshEvents', method: 'GET', template: '/v1/meshes/{meshName}/events' }];

export const maxEventsPage = 1000;

export const eventParsers: Record<string, InputParser> = {
  ListMeshEvents: (raw) => ({
    meshName: nameLabel(raw, 'meshName'),
    afterVersion: integerQuery(raw, 'afterVersion', 0, Number.MAX_SAFE_INTEGER),
    limit: integerQuery(raw, 'limit', 1, maxEventsPage),
  }),
};

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
