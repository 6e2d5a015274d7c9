// The agent's Envoy descriptor: the messages and enums reachable from what it
// encodes and decodes, flat and keyed by full name, every type reference
// fully qualified. Plain data, so the agent can encode without building
// protobufjs reflection for ~360 types (about 8 MB of a sidecar's memory).
import protobuf from 'protobufjs';
import { anyTypes, typeUrls } from '../core/projection/envoy/typeUrls.js';
import type { FieldDescriptor, MessageDescriptor, ProtoDescriptor } from '../proxy-agent/xds/protoDescriptor.js';
import { adsMessageTypes } from '../proxy-agent/xds/protoDescriptor.js';
import { loadEnvoyProtos, protoFilesOfPackage } from './envoyProtoSources.js';

/** What the agent touches: the resource types, what resources embed in an Any, and the ADS messages. */
export const descriptorRoots = [
  ...[...Object.values(typeUrls), ...Object.values(anyTypes)].map((url) => url.slice(url.lastIndexOf('/') + 1)),
  ...Object.values(adsMessageTypes),
];

/** Envoy's .proto files for the roots, with everything they import. */
export function envoyProtoRoot(): protobuf.Root {
  return loadEnvoyProtos([...new Set(descriptorRoots.flatMap(protoFilesOfPackage))], { keepCase: false });
}

/** The descriptor, deterministic (sorted by name); comments and options dropped, except `packed`, which changes the encoding. */
export function envoyDescriptor(root = envoyProtoRoot()): ProtoDescriptor {
  const messages: Record<string, MessageDescriptor> = {};
  const enums: Record<string, { values: Record<string, number> }> = {};
  const visit = (object: protobuf.ReflectionObject) => {
    const name = object.fullName.slice(1);
    if (messages[name] || enums[name]) return;
    if (object instanceof protobuf.Enum) {
      enums[name] = { values: { ...object.values } };
      return;
    }
    if (!(object instanceof protobuf.Type)) throw new Error(`${name} is neither a message nor an enum`);
    const message: MessageDescriptor = { fields: {} };
    messages[name] = message;
    for (const field of [...object.fieldsArray].sort((a, b) => a.id - b.id)) {
      const resolved = field.resolve().resolvedType;
      message.fields[field.name] = fieldDescriptor(field, resolved);
      if (resolved) visit(resolved);
    }
    const oneofs = object.oneofsArray.filter((o) => o.oneof.length > 1);
    if (oneofs.length) message.oneofs = Object.fromEntries(oneofs.map((o) => [o.name, [...o.oneof]]));
  };
  for (const name of descriptorRoots) visit(root.lookup(name) ?? missing(name));
  return { messages: sortedByKey(messages), enums: sortedByKey(enums) };
}

function fieldDescriptor(field: protobuf.Field, resolved: protobuf.Type | protobuf.Enum | null): FieldDescriptor {
  return {
    id: field.id,
    type: resolved ? resolved.fullName : field.type,
    ...(field.repeated ? { repeated: true } : {}),
    ...(field instanceof protobuf.MapField ? { keyType: field.keyType } : {}),
    ...(field.repeated && field.packed && !(resolved instanceof protobuf.Type) && field.type !== 'string' && field.type !== 'bytes' ? { packed: true } : {}),
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function missing(name: string): never {
  throw new Error(`${name} is not in Envoy's protos`);
}
