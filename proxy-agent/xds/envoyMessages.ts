// Envoy v3 messages for the agent: encoded from the prebuilt descriptor
// (envoyDescriptor.json, see scripts/generate-envoy-descriptor.ts) without
// protobufjs reflection, which the agent could not afford for every type.
// Decoding, which only tests and tools need, builds reflection on first use.
import type protobuf from 'protobufjs/light.js';
import descriptorJson from './envoyDescriptor.json' with { type: 'json' };
import type { ProtoDescriptor } from './protoDescriptor.js';
import { protobufRoot } from './protoDescriptor.js';
import { ProtoEncoder } from './protoEncoder.js';

/** An Envoy message in protobufjs object form (camelCase fields, see core/projection/envoy/proto.ts). */
export type EnvoyObject = Record<string, unknown>;

/** google.protobuf.Any as protobufjs defines it: well-known types keep their snake_case field names. */
export interface AnyMessage {
  readonly type_url: string;
  readonly value: Uint8Array;
}

export const envoyDescriptor = descriptorJson as unknown as ProtoDescriptor;
const encoder = new ProtoEncoder(envoyDescriptor);
const typeName = (typeUrl: string) => typeUrl.slice(typeUrl.lastIndexOf('/') + 1);

/**
 * The wire encoding of a resource. Throws, naming the path, on anything the
 * type does not have (a field, an enum name, an Any's type): protobufjs would
 * drop it silently, and Envoy would run a config nobody wrote.
 */
export function encodeResource(typeUrl: string, object: EnvoyObject): Uint8Array {
  const name = typeName(typeUrl);
  if (!encoder.has(name)) throw new Error(`unknown message type '${typeUrl}'`);
  try {
    return encoder.encode(name, object);
  } catch (error) {
    throw new Error(`${name.slice(name.lastIndexOf('.') + 1)}: ${(error as Error).message}`, { cause: error });
  }
}

/** A resource as the Any a DiscoveryResponse carries. */
export function toAny(typeUrl: string, object: EnvoyObject): AnyMessage {
  return { type_url: typeUrl, value: encodeResource(typeUrl, object) };
}

let decodingRoot: protobuf.Root | undefined;

/** protobufjs reflection for every type in the descriptor, built on first use: for decoding in tests and tools, not for serving. */
export function envoyRoot(): protobuf.Root {
  decodingRoot ??= protobufRoot(envoyDescriptor, Object.keys(envoyDescriptor.messages));
  return decodingRoot;
}

export function messageType(typeUrl: string): protobuf.Type {
  return envoyRoot().lookupType(typeName(typeUrl));
}

/** A resource back in object form: enums as names, longs as numbers, no defaults, nested Anys as `{'@type', ...}`. */
export function decodeResource(typeUrl: string, bytes: Uint8Array): EnvoyObject {
  const type = messageType(typeUrl);
  // `json` is what makes protobufjs unpack Anys into `{'@type', ...}` (and write bytes as base64, as the encoder reads them).
  return type.toObject(type.decode(bytes), { enums: String, longs: Number, defaults: false, json: true });
}
