import { isOverdue } from '../domain/registry/decideInstance.js';
import type { InstanceKey } from '../domain/registry/instance.js';
import type { RegistryDeps, RegistryRequest } from './registryCommands.js';
import { handleRegistryCommand } from './registryCommands.js';

const pageSize = 100;

/**
 * Expires every instance whose heartbeat is overdue. Each expiry is decided
 * again against a fresh read and appended conditionally, so a heartbeat that
 * lands between the scan and the append keeps its instance.
 */
export async function sweepExpiredInstances(request: RegistryRequest, deps: RegistryDeps): Promise<InstanceKey[]> {
  const expired: InstanceKey[] = [];
  for (let after: string | undefined, more = true; more; ) {
    const services = await deps.registry.listServices({ limit: pageSize, ...(after !== undefined ? { after } : {}) });
    for (const service of services.items) {
      for (let afterId: string | undefined, moreIds = true; moreIds; ) {
        const page = await deps.registry.listInstances(service, { limit: pageSize, ...(afterId !== undefined ? { after: afterId } : {}) });
        const now = deps.now();
        for (const { instance } of page.items.filter((record) => isOverdue(record, now))) {
          const key = { namespace: instance.namespace, service: instance.service, instanceId: instance.instanceId };
          if ((await handleRegistryCommand({ type: 'expire', key }, request, deps)).event) expired.push(key);
        }
        afterId = page.lastName;
        moreIds = afterId !== undefined;
      }
    }
    after = services.lastName;
    more = after !== undefined;
  }
  return expired;
}
