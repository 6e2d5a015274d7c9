import type { InstanceRecord } from '../../domain/registry/decideInstance.js';
import type { Instance, InstanceKey, ServiceKey } from '../../domain/registry/instance.js';
import { instanceKeyOf, registrationOf, serviceKeyOf } from '../../domain/registry/registration.js';
import type { JsonObject } from '../../domain/resource.js';
import { badRequest } from '../../errors.js';
import { handleRegistryCommand, heartbeat } from '../../application/registryCommands.js';
import { decodeNextToken, defaultPageSize, encodeNextToken } from '../pagination.js';
import type { RawInput } from '../parseInput.js';
import { parseBody } from '../parseInput.js';
import type { OperationContext, OperationHandler } from './context.js';

// Weft's own routes, beside App Mesh's: the instance registry that stands in
// for Cloud Map's instance list, for nodes with `awsCloudMap` service discovery.
const instances = '/v1/registry/namespaces/{namespaceName}/services/{serviceName}/instances';
export const registryRoutes = [
  { operation: 'RegisterInstance', method: 'PUT', template: `${instances}/{instanceId}` },
  { operation: 'DeregisterInstance', method: 'DELETE', template: `${instances}/{instanceId}` },
  { operation: 'HeartbeatInstance', method: 'POST', template: `${instances}/{instanceId}/heartbeat` },
  { operation: 'ListInstances', method: 'GET', template: instances },
];

const serviceFrom = (raw: RawInput): ServiceKey => serviceKeyOf(raw.labels['namespaceName'] ?? '', raw.labels['serviceName'] ?? '');
const keyFrom = (raw: RawInput): InstanceKey => instanceKeyOf(raw.labels['namespaceName'] ?? '', raw.labels['serviceName'] ?? '', raw.labels['instanceId'] ?? '');

function limitFrom(raw: RawInput): number {
  const value = raw.query['limit'];
  if (value === undefined) return defaultPageSize;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > defaultPageSize) throw badRequest(`limit: must be an integer from 1 to ${defaultPageSize} (got '${value}')`);
  return Number(value);
}

/** These operations validate themselves; the result is what their handlers read. */
export const registryParsers: Record<string, (raw: RawInput) => JsonObject> = {
  RegisterInstance: (raw) => ({ instance: registrationOf(keyFrom(raw), parseBody(raw.body)) }),
  DeregisterInstance: (raw) => ({ key: keyFrom(raw) }),
  HeartbeatInstance: (raw) => ({ key: keyFrom(raw) }),
  ListInstances: (raw) => ({ service: serviceFrom(raw), limit: limitFrom(raw), ...(raw.query['nextToken'] !== undefined ? { nextToken: raw.query['nextToken'] } : {}) }),
};

export function instanceToJson(instance: Instance, lastSeen?: number): JsonObject {
  const { namespace, service, instanceId, ipv4, ipv6, port, attributes, ttlSeconds } = instance;
  return {
    namespaceName: namespace,
    serviceName: service,
    instanceId,
    ...(ipv4 !== undefined ? { ipv4 } : {}),
    ...(ipv6 !== undefined ? { ipv6 } : {}),
    port,
    attributes,
    ttlSeconds,
    ...(lastSeen !== undefined ? { lastSeen: new Date(lastSeen).toISOString() } : {}),
  };
}

const recordToJson = (record: InstanceRecord) => instanceToJson(record.instance, record.lastSeen);
const request = (ctx: OperationContext) => ({ requestId: ctx.request.requestId, actor: ctx.request.actor });

export const registryOperations: Record<string, OperationHandler> = {
  RegisterInstance: async (ctx) => {
    const outcome = await handleRegistryCommand({ type: 'register', instance: ctx.input['instance'] as Instance }, request(ctx), ctx.deps);
    return outcome.record ? recordToJson(outcome.record) : {};
  },
  DeregisterInstance: async (ctx) => {
    const outcome = await handleRegistryCommand({ type: 'deregister', key: ctx.input['key'] as InstanceKey }, request(ctx), ctx.deps);
    return outcome.event ? instanceToJson(outcome.event.instance) : {};
  },
  HeartbeatInstance: async (ctx) => recordToJson(await heartbeat(ctx.input['key'] as InstanceKey, ctx.deps)),
  ListInstances: async (ctx) => {
    const after = decodeNextToken(ctx.input['nextToken'] as string | undefined);
    const page = await ctx.deps.registry.listInstances(ctx.input['service'] as ServiceKey, { limit: ctx.input['limit'] as number, ...(after !== undefined ? { after } : {}) });
    const nextToken = encodeNextToken(page.lastName);
    return { instances: page.items.map(recordToJson), ...(nextToken ? { nextToken } : {}) };
  },
};
