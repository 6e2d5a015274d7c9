import { ApiError, badRequest, httpStatusOf } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { jsonResponse } from './http.js';
import type { ApiDeps, InputParser, OperationHandler } from './operations/context.js';
import { Answer } from './operations/context.js';
import { snapshotOperations, snapshotParsers } from './operations/snapshotOperations.js';
import { statusOperations, statusParsers } from './operations/statusOperations.js';
import { eventOperations, eventParsers } from './operations/eventOperations.js';
import { registryOperations, registryParsers } from './operations/registryOperations.js';
import { resourceOperations } from './operations/resourceOperations.js';
import { tagOperations } from './operations/tagOperations.js';
import type { RawInput } from './parseInput.js';
import { parseInput } from './parseInput.js';
import { apiRoutes } from './apiRoutes.js';
import { routeTable } from './routeTable.js';

const handlers: Record<string, OperationHandler> = { ...resourceOperations, ...tagOperations, ...eventOperations, ...snapshotOperations, ...statusOperations, ...registryOperations };

/** Weft's own operations validate themselves; App Mesh's are validated from the service model. */
const customParsers: Record<string, InputParser> = { ...eventParsers, ...snapshotParsers, ...statusParsers, ...registryParsers };

const match = routeTable(apiRoutes);

export interface Logger {
  error(message: string, details: Record<string, unknown>): void;
}

/**
 * The whole API as one function of a request: route, parse and validate,
 * run, and answer. Domain errors become App Mesh's error responses here and
 * nowhere else; anything unexpected is a 500 whose details stay in the log.
 */
export async function handleHttpRequest(request: HttpRequest, deps: ApiDeps, log: Logger): Promise<HttpResponse> {
  const headers = { 'x-amzn-requestid': request.requestId };
  try {
    const found = match(request.method, request.path);
    if (found.kind === 'none') throw new ApiError('NotFoundException', `No API operation at ${request.method} ${request.path}.`);
    if (found.kind === 'wrongMethod') throw badRequest(`method: ${request.method} is not allowed on ${request.path}; use ${found.allowed.join(' or ')}.`);
    const { operation, labels } = found.route;
    const raw: RawInput = { labels, query: request.query, ...(request.body !== undefined ? { body: request.body } : {}) };
    const input = (customParsers[operation] ?? ((r: RawInput) => parseInput(operation, r)))(raw);
    const handler = handlers[operation];
    if (!handler) throw new ApiError('NotFoundException', `Operation ${operation} is not available.`);
    const result = await handler({ operation, input, request, deps });
    if (!(result instanceof Answer)) return jsonResponse(200, result, headers);
    if (result.body === undefined) return { statusCode: result.statusCode, headers: { ...headers, ...result.headers }, body: '' };
    return jsonResponse(result.statusCode, result.body, { ...headers, ...result.headers });
  } catch (error) {
    if (error instanceof ApiError) {
      return jsonResponse(httpStatusOf(error.type), { message: error.message }, { ...headers, 'x-amzn-errortype': error.type });
    }
    log.error('unhandled error', { requestId: request.requestId, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    return jsonResponse(500, { message: 'Internal server error.' }, { ...headers, 'x-amzn-errortype': 'InternalServerErrorException' });
  }
}
