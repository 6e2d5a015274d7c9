// Where the instance registry sits in Weft's tables. State table: one item per
// Cloud Map service in the `registry` partition, holding its stream head (the
// optimistic lock, as a mesh item does), and one item per instance in the
// service's own partition, so heartbeats spread over partitions. Snapshots
// table: one subscription item per (registry stream, mesh); mesh names never
// contain '@', so these partitions never meet a mesh's snapshots.
import type { InstanceKey, ServiceKey } from '../../domain/registry/instance.js';
import type { StateKey } from './stateKeys.js';

export const serviceHeadsPartition = 'registry';

export const serviceHeadKey = (service: ServiceKey): StateKey => ({ pk: serviceHeadsPartition, sk: `${service.namespace}/${service.service}` });

export const instancesPartition = (service: ServiceKey): string => `registry/${service.namespace}/${service.service}`;

export const instanceStateKey = (key: InstanceKey): StateKey => ({ pk: instancesPartition(key), sk: key.instanceId });

export const subscriptionKey = (registryStream: string, mesh: string) => ({ mesh: registryStream, proxy: mesh });
