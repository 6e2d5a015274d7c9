// go-control-plane's Consistent(), with paths: every cluster a listener or
// route sends to, every route configuration a listener names over ADS, every
// secret a transport socket asks SDS for, and every EDS cluster's assignment.
import { resourceName } from '../../compile/envoyConfig.js';
import type { ResourceType } from '../../envoy/typeUrls.js';
import type { CheckContext, PlacedFinding } from './check.js';
import { isObject, visitObjects } from './check.js';

export function referenceChecks({ snapshot }: CheckContext): PlacedFinding[] {
  const names = (type: ResourceType) => new Set(snapshot.resources[type].map(resourceName));
  const defined = { cluster: names('cluster'), route: names('route'), endpoint: names('endpoint'), secret: names('secret') };
  const out: PlacedFinding[] = [];
  const scan = (resourceType: ResourceType) => {
    for (const resource of snapshot.resources[resourceType]) {
      const name = resourceName(resource);
      const missing = (path: string, what: string, ref: string) => out.push({ resourceType, resource: name, path, rule: 'ads.reference', message: `${what} '${ref}' is referenced but not defined` });
      visitObjects(resource, (object, parentKey, at) => {
        if (typeof object['cluster'] === 'string' && !defined.cluster.has(object['cluster'])) missing(at('cluster'), 'cluster', object['cluster']);
        if (parentKey === 'clusters' && typeof object['name'] === 'string' && !defined.cluster.has(object['name'])) missing(at('name'), 'cluster', object['name']);
        if (typeof object['routeConfigName'] === 'string' && isObject(object['configSource']) && !defined.route.has(object['routeConfigName'])) missing(at('routeConfigName'), 'route configuration', object['routeConfigName']);
        if ((parentKey.endsWith('SdsSecretConfig') || parentKey.endsWith('SdsSecretConfigs')) && typeof object['name'] === 'string' && isObject(object['sdsConfig']) && 'ads' in object['sdsConfig'] && !defined.secret.has(object['name'])) {
          missing(at('name'), 'secret', object['name']);
        }
      });
      if (resourceType === 'cluster' && resource['type'] === 'EDS') {
        const eds = isObject(resource['edsClusterConfig']) ? resource['edsClusterConfig'] : {};
        const service = typeof eds['serviceName'] === 'string' && eds['serviceName'] ? eds['serviceName'] : name;
        if (!defined.endpoint.has(service)) out.push({ resourceType, resource: name, path: 'edsClusterConfig', rule: 'ads.reference', message: `EDS cluster '${name}' has no endpoint assignment '${service}'` });
      }
    }
  };
  for (const type of ['listener', 'route', 'cluster'] as const) scan(type);
  return out;
}
