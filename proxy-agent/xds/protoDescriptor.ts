// The shape of the agent's Envoy descriptor (envoyDescriptor.json, made by
// scripts/generate-envoy-descriptor.ts), and the protobufjs Root for any part
// of it: reflection is built only for the types asked for.
import protobuf from 'protobufjs/light.js';

/** The ADS messages, by full name: the descriptor holds them, and the ADS service is built from them. */
export const adsMessageTypes = {
  request: 'envoy.service.discovery.v3.DiscoveryRequest',
  response: 'envoy.service.discovery.v3.DiscoveryResponse',
  deltaRequest: 'envoy.service.discovery.v3.DeltaDiscoveryRequest',
  deltaResponse: 'envoy.service.discovery.v3.DeltaDiscoveryResponse',
} as const;

export interface FieldDescriptor {
  readonly id: number;
  /** A scalar type ('string', 'uint32', ...) or the full name of a message or enum, with a leading dot. */
  readonly type: string;
  readonly repeated?: boolean;
  /** Set on map fields: the key's scalar type. */
  readonly keyType?: string;
  readonly packed?: boolean;
}

export interface MessageDescriptor {
  /** In field-number order. */
  readonly fields: Record<string, FieldDescriptor>;
  /** Oneofs with more than one member: at most one of them may be set. */
  oneofs?: Record<string, readonly string[]>;
}

export interface ProtoDescriptor {
  /** By full name, without the leading dot. */
  readonly messages: Record<string, MessageDescriptor>;
  readonly enums: Record<string, { readonly values: Record<string, number> }>;
}

/** A protobufjs Root holding `roots` and every type they reach. */
export function protobufRoot(descriptor: ProtoDescriptor, roots: readonly string[]): protobuf.Root {
  const json: protobuf.INamespace & { nested: Record<string, protobuf.AnyNestedObject> } = { nested: {} };
  const added = new Set<string>();
  const add = (name: string) => {
    if (added.has(name)) return;
    added.add(name);
    const message = descriptor.messages[name];
    const enumeration = descriptor.enums[name];
    if (!message && !enumeration) throw new Error(`${name} is not in the descriptor`);
    const leaf = namespaceAt(json, name);
    if (enumeration) Object.assign(leaf, { values: enumeration.values });
    if (!message) return;
    const fields: Record<string, protobuf.IField & { keyType?: string }> = {};
    for (const [fieldName, field] of Object.entries(message.fields)) {
      fields[fieldName] = {
        id: field.id,
        type: field.type,
        ...(field.repeated && !field.keyType ? { rule: 'repeated' } : {}),
        ...(field.keyType ? { keyType: field.keyType } : {}),
        ...(field.packed ? { options: { packed: true } } : {}),
      };
      if (field.type.startsWith('.')) add(field.type.slice(1));
    }
    const oneofs = Object.fromEntries(Object.entries(message.oneofs ?? {}).map(([n, members]) => [n, { oneof: [...members] }]));
    Object.assign(leaf, { fields, ...(Object.keys(oneofs).length ? { oneofs } : {}) });
  };
  for (const name of roots) add(name);
  const root = protobuf.Root.fromJSON(json);
  root.resolveAll();
  return root;
}

/** The JSON object for `fullName`, creating the enclosing namespaces (a message may enclose others). */
function namespaceAt(json: { nested: Record<string, protobuf.AnyNestedObject> }, fullName: string): Record<string, unknown> {
  let node = json as { nested?: Record<string, protobuf.AnyNestedObject> };
  for (const part of fullName.split('.')) {
    node.nested ??= {};
    node = (node.nested[part] ??= {}) as typeof node;
  }
  return node as Record<string, unknown>;
}
