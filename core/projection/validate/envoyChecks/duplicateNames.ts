// Envoy refuses an update that names one resource twice ("duplicate listener
// X found", "cds: duplicate cluster X found").
import { resourceName } from '../../compile/envoyConfig.js';
import { resourceTypes } from '../../envoy/typeUrls.js';
import type { Snapshot } from '../../snapshot.js';
import type { PlacedFinding } from './check.js';

export function duplicateNames(snapshot: Snapshot): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const resourceType of resourceTypes) {
    const seen = new Set<string>();
    for (const resource of snapshot.resources[resourceType]) {
      const name = resourceName(resource);
      if (seen.has(name)) out.push({ resourceType, resource: name, path: resourceType === 'endpoint' ? 'clusterName' : 'name', rule: 'envoy.duplicate_resource', message: `${resourceType} '${name}' is defined twice` });
      seen.add(name);
    }
  }
  return out;
}
