import type { KindRules, Reference } from './kindRules.js';
import { exactlyOneOf, pick } from './kindRules.js';

const gatewayRouteTypes = ['httpRoute', 'http2Route', 'grpcRoute'] as const;

/** A gateway route sends traffic entering the mesh to one virtual service. */
export const gatewayRouteRules: KindRules = {
  references(id, spec) {
    const refs: Reference[] = [];
    for (const type of gatewayRouteTypes) {
      const service = pick(spec, type, 'action', 'target', 'virtualService', 'virtualServiceName');
      if (typeof service === 'string') {
        refs.push({ id: { kind: 'virtualService', mesh: id.mesh, name: service }, field: `spec.${type}.action.target.virtualService.virtualServiceName` });
      }
    }
    return refs;
  },
  specIssue: (spec) => exactlyOneOf(spec, gatewayRouteTypes),
};
