import type { KindRules, Reference } from './kindRules.js';
import { noSpecIssue, pick } from './kindRules.js';

/** A virtual service is provided by a virtual node or a virtual router (or by nothing yet). */
export const virtualServiceRules: KindRules = {
  references(id, spec) {
    const refs: Reference[] = [];
    const node = pick(spec, 'provider', 'virtualNode', 'virtualNodeName');
    if (typeof node === 'string') {
      refs.push({ id: { kind: 'virtualNode', mesh: id.mesh, name: node }, field: 'spec.provider.virtualNode.virtualNodeName' });
    }
    const router = pick(spec, 'provider', 'virtualRouter', 'virtualRouterName');
    if (typeof router === 'string') {
      refs.push({ id: { kind: 'virtualRouter', mesh: id.mesh, name: router }, field: 'spec.provider.virtualRouter.virtualRouterName' });
    }
    return refs;
  },
  specIssue: noSpecIssue,
};
