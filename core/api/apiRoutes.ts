import { eventRoutes } from './operations/eventOperations.js';
import { registryRoutes } from './operations/registryOperations.js';
import { snapshotRoutes } from './operations/snapshotOperations.js';
import { statusRoutes } from './operations/statusOperations.js';
import type { RouteSpec } from './routeTable.js';
import { appMeshRoutes } from './routeTable.js';

/**
 * Every method and path template the API serves, defined once: the handler
 * routes by it and sst.config.ts turns it into API Gateway's routes, so a
 * route cannot be served locally and missing on AWS.
 */
export const apiRoutes: readonly RouteSpec[] = [...appMeshRoutes(), ...eventRoutes, ...snapshotRoutes, ...statusRoutes, ...registryRoutes];

/** API Gateway HTTP API's route key for a route: `METHOD /path/{label}`. */
export const routeKeyOf = (route: Pick<RouteSpec, 'method' | 'template'>): string => `${route.method} ${route.template}`;
