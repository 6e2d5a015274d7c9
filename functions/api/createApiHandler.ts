import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handleHttpRequest } from '../../core/api/handleHttpRequest.js';
import type { LiveSnapshots } from './coalescedSnapshots.js';
import type { WeftConfig } from '../shared/config.js';
import { apiDeps } from './apiDeps.js';
import { fromApiGatewayEvent, toApiGatewayResult } from './apiGatewayHttp.js';

const log = { error: (message: string, details: Record<string, unknown>) => console.error(JSON.stringify({ level: 'error', message, ...details })) };

/**
 * The API Lambda for a given configuration; the local runtime builds the very
 * same one, adding only a snapshot watch so agents' long polls can be held.
 */
export function createApiHandler(config: WeftConfig, live?: LiveSnapshots) {
  const deps = apiDeps(config, live);
  return middy<APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2>().handler(async (event) =>
    toApiGatewayResult(await handleHttpRequest(fromApiGatewayEvent(event), deps, log)),
  );
}
