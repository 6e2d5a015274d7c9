// go-control-plane's Consistent(), with paths: every cluster a listener or
// route sends to, every route configuration a listener names over ADS, every
// secret a transport socket asks SDS for, and every EDS cluster's assignment.
// What a resource names is its own (found once per resource content); whether
// the snapshot defines it is the snapshot's.
import type { ResourceType } from '../../envoy/typeUrls.js';
import type { Finding } from '../violation.js';
import type { Json } from './check.js';
import { isObject, visitObjects } from './check.js';

export type Referenced = 'cluster' | 'route' | 'endpoint' | 'secret';

/** A name one resource needs the snapshot to define, and where it says so. */
export interface Reference {
  readonly type: Referenced;
  readonly name: string;
  readonly path: string;
}

const what: Readonly<Record<Referenced, string>> = { cluster: 'cluster', route: 'route configuration', endpoint: 'endpoint assignment', secret: 'secret' };

/** The references of a listener, route configuration or cluster, in the order they are reported. */
export function referencesOf(resourceType: ResourceType, resource: Json, name: string): Reference[] {
  if (resourceType !== 'listener' && resourceType !== 'route' && resourceType !== 'cluster') return [];
  const out: Reference[] = [];
  visitObjects(resource, (object, parentKey, at) => {
    if (typeof object['cluster'] === 'string') out.push({ type: 'cluster', name: object['cluster'], path: at('cluster') });
    if (parentKey === 'clusters' && typeof object['name'] === 'string') out.push({ type: 'cluster', name: object['name'], path: at('name') });
    if (typeof object['routeConfigName'] === 'string' && isObject(object['configSource'])) out.push({ type: 'route', name: object['routeConfigName'], path: at('routeConfigName') });
    if ((parentKey.endsWith('SdsSecretConfig') || parentKey.endsWith('SdsSecretConfigs')) && typeof object['name'] === 'string' && isObject(object['sdsConfig']) && object['sdsConfig']['ads'] !== undefined) {
      out.push({ type: 'secret', name: object['name'], path: at('name') });
    }
  });
  if (resourceType === 'cluster' && resource['type'] === 'EDS') {
    const eds = isObject(resource['edsClusterConfig']) ? resource['edsClusterConfig'] : {};
    const service = typeof eds['serviceName'] === 'string' && eds['serviceName'] ? eds['serviceName'] : name;
    out.push({ type: 'endpoint', name: service, path: 'edsClusterConfig' });
  }
  return out;
}

/** The finding for a reference the snapshot does not define. */
export function missingReference(reference: Reference, resource: string): Finding {
  const message = reference.type === 'endpoint'
    ? `EDS cluster '${resource}' has no endpoint assignment '${reference.name}'`
    : `${what[reference.type]} '${reference.name}' is referenced but not defined`;
  return { path: reference.path, rule: 'ads.reference', message };
}
