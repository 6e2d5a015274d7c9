import type { KindRules, Reference } from './kindRules.js';
import { exactlyOneOf, pick } from './kindRules.js';

const routeTypes = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;

/** A route sends traffic to the virtual nodes of its weighted targets. */
export const routeRules: KindRules = {
  references(id, spec) {
    const refs: Reference[] = [];
    for (const type of routeTypes) {
      const targets = pick(spec, type, 'action', 'weightedTargets');
      if (!Array.isArray(targets)) continue;
      targets.forEach((target, i) => {
        const node = pick(target, 'virtualNode');
        if (typeof node === 'string') {
          refs.push({ id: { kind: 'virtualNode', mesh: id.mesh, name: node }, field: `spec.${type}.action.weightedTargets[${i}].virtualNode` });
        }
      });
    }
    return refs;
  },
  specIssue: (spec) => exactlyOneOf(spec, routeTypes),
};
