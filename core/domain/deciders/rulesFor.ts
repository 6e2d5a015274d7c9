import type { ResourceKind } from '../kinds.js';
import { gatewayRouteRules } from './gatewayRoute.js';
import type { KindRules } from './kindRules.js';
import { noReferences, noSpecIssue } from './kindRules.js';
import { routeRules } from './route.js';
import { virtualServiceRules } from './virtualService.js';

// Meshes, nodes, routers and gateways point at nothing that must exist first:
// a node's backends may name services that are created later, as in App Mesh.
const standalone: KindRules = { references: noReferences, specIssue: noSpecIssue };

const rules: Record<ResourceKind, KindRules> = {
  mesh: standalone,
  virtualNode: standalone,
  virtualRouter: standalone,
  virtualGateway: standalone,
  virtualService: virtualServiceRules,
  route: routeRules,
  gatewayRoute: gatewayRouteRules,
};

export function rulesFor(kind: ResourceKind): KindRules {
  return rules[kind];
}
