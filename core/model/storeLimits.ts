// How long a name may be so that every state-table key holding it fits
// DynamoDB's limits (partition key 2048 bytes, sort key 1024 bytes). Worked
// out from the key layout itself, so a change there moves the limit with it.
import { referenceKey, resourceKey } from '../adapters/dynamodb/stateKeys.js';
import type { ResourceId } from '../domain/resource.js';

export const dynamoPartitionKeyMaxBytes = 2048;
export const dynamoSortKeyMaxBytes = 1024;

/** The model's ResourceName limit; names are ASCII, so characters are bytes. */
const resourceNameMax = 255;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const longest = 'n'.repeat(resourceNameMax);
const service = (name: string): ResourceId => ({ kind: 'virtualService', mesh: longest, name });

/** The sort keys a virtual service's name appears in, each with the other names at their longest. */
function serviceNameKeys(name: string): string[] {
  const gatewayRoute: ResourceId = { kind: 'gatewayRoute', mesh: longest, parent: longest, name: longest };
  const node: ResourceId = { kind: 'virtualNode', mesh: longest, name: longest };
  const router: ResourceId = { kind: 'virtualRouter', mesh: longest, name: longest };
  return [
    resourceKey(service(name)).sk,
    // A gateway route points at the service; the service points at its provider.
    referenceKey(service(name), gatewayRoute).sk,
    referenceKey(node, service(name)).sk,
    referenceKey(router, service(name)).sk,
  ];
}

/** ServiceName has no length in the model; this is the most the state table can hold. */
export const serviceNameMaxBytes = dynamoSortKeyMaxBytes - Math.max(...serviceNameKeys('').map(bytes));

/** Every state key a resource id with these names produces (for tests of the limits). */
export function keysHolding(id: ResourceId): string[] {
  return id.kind === 'virtualService' ? serviceNameKeys(id.name) : [resourceKey(id).sk];
}
