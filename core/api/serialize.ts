import type { JsonObject, Resource } from '../domain/resource.js';
import { kindInfo } from '../domain/kinds.js';

// rest-json timestamps travel as epoch seconds; the domain keeps milliseconds.
const seconds = (ms: number) => ms / 1000;

function names(resource: Resource): JsonObject {
  const info = kindInfo(resource.id.kind);
  const out: JsonObject = { meshName: resource.id.mesh };
  if (info.parent) out[info.parent.nameField] = resource.id.parent;
  if (resource.id.kind !== 'mesh') out[info.nameField] = resource.id.name;
  return out;
}

/** The `<Kind>Data` shape: what Create, Describe, Update and Delete return. */
export function toData(resource: Resource): JsonObject {
  const m = resource.metadata;
  return {
    ...names(resource),
    metadata: {
      arn: m.arn,
      createdAt: seconds(m.createdAt),
      lastUpdatedAt: seconds(m.lastUpdatedAt),
      meshOwner: m.meshOwner,
      resourceOwner: m.resourceOwner,
      uid: m.uid,
      version: m.version,
    },
    spec: resource.spec,
    status: { status: resource.status },
  };
}

/** The `<Kind>Ref` shape: one row of a List response. */
export function toRef(resource: Resource): JsonObject {
  const m = resource.metadata;
  return {
    ...names(resource),
    arn: m.arn,
    createdAt: seconds(m.createdAt),
    lastUpdatedAt: seconds(m.lastUpdatedAt),
    meshOwner: m.meshOwner,
    resourceOwner: m.resourceOwner,
    version: m.version,
  };
}
