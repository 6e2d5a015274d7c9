// Envoy v3 messages from the .proto files grpc-js-xds ships, in one protobufjs
// Root: protobufjs can only turn `{'@type': url, ...fields}` into a real Any
// (and back) when the embedded type lives in the same Root as the resource.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { anyTypes, typeUrls } from '../../core/projection/envoy/typeUrls.js';

/** An Envoy message in protobufjs object form (camelCase fields, see core/projection/envoy/proto.ts). */
export type EnvoyObject = Record<string, unknown>;

/** google.protobuf.Any as @grpc/proto-loader spells it: well-known types keep their snake_case field names. */
export interface AnyMessage {
  readonly type_url: string;
  readonly value: Uint8Array;
}

const require = createRequire(import.meta.url);
const xdsDeps = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const protobufjsDir = dirname(require.resolve('protobufjs/package.json'));

const envoyApi = join(xdsDeps, 'envoy-api');

/** Import roots, like protoc's -I; protobufjs bundles the well-known types except descriptor.proto. */
export const protoIncludeDirs = [
  envoyApi,
  join(xdsDeps, 'googleapis'),
  join(xdsDeps, 'protoc-gen-validate'),
  join(xdsDeps, 'xds'),
  protobufjsDir,
];

/**
 * The .proto files of every resource type and every type the compiler embeds
 * in an Any (typeUrls.ts): all files of each type's package directory, so a
 * new entry in `anyTypes` needs no change here.
 */
function protoFiles(): string[] {
  const packageDir = (url: string) => {
    const name = url.slice(url.lastIndexOf('/') + 1);
    return name.slice(0, name.lastIndexOf('.')).replaceAll('.', '/');
  };
  const dirs = new Set([...Object.values(typeUrls), ...Object.values(anyTypes)].map(packageDir));
  return [...dirs].flatMap((dir) => readdirSync(join(envoyApi, dir)).filter((f) => f.endsWith('.proto')).map((f) => `${dir}/${f}`));
}

let root: protobuf.Root | undefined;
let loadMillis: number | undefined;

/** The Root, parsed on first use: parsing its ~80 .proto files takes a third of a second or more. */
export function envoyRoot(): protobuf.Root {
  if (root) return root;
  const started = performance.now();
  const r = new protobuf.Root();
  r.resolvePath = (origin, target) => {
    const dir = protoIncludeDirs.find((d) => existsSync(join(d, target)));
    return dir ? join(dir, target) : protobuf.util.path.resolve(origin, target);
  };
  r.loadSync(protoFiles(), { keepCase: false });
  r.resolveAll();
  root = r;
  loadMillis = performance.now() - started;
  return r;
}

/** How long the first envoyRoot() took, once it has run. */
export function envoyRootLoadMillis(): number | undefined {
  return loadMillis;
}

export function messageType(typeUrl: string): protobuf.Type {
  const name = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
  const type = envoyRoot().lookup(name);
  if (!(type instanceof protobuf.Type)) throw new Error(`unknown message type '${typeUrl}'`);
  return type;
}

/**
 * The wire encoding of a resource. Throws on a field the type does not have
 * and on an Any whose type is not loaded: protobufjs would silently drop
 * both, and Envoy would run a config nobody wrote.
 */
export function encodeResource(typeUrl: string, object: EnvoyObject): Uint8Array {
  const type = messageType(typeUrl);
  const unknown = unknownFields(type, object, '');
  if (unknown.length) throw new Error(`${type.name}: not in the proto: ${unknown.join(', ')}`);
  const message = type.fromObject(object);
  const invalid = type.verify(message);
  if (invalid) throw new Error(`${type.name}: ${invalid}`);
  return type.encode(message).finish();
}

/** A resource back in object form: enums as names, longs as numbers, no defaults, nested Anys as `{'@type', ...}`. */
export function decodeResource(typeUrl: string, bytes: Uint8Array): EnvoyObject {
  const type = messageType(typeUrl);
  // `json` is what makes protobufjs unpack Anys into `{'@type', ...}` (and write bytes as base64, as fromObject reads them).
  return type.toObject(type.decode(bytes), { enums: String, longs: Number, defaults: false, json: true });
}

/** A resource as the Any a DiscoveryResponse carries. */
export function toAny(typeUrl: string, object: EnvoyObject): AnyMessage {
  return { type_url: typeUrl, value: encodeResource(typeUrl, object) };
}

const anyTypeName = '.google.protobuf.Any';

/** Field paths in `object` that `type` does not have; `unpacked` marks an Any's contents, which carry '@type'. */
function unknownFields(type: protobuf.Type, object: EnvoyObject, path: string, unpacked = false): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === '@type' && unpacked) continue;
    const field = type.fields[key];
    if (!field) {
      out.push(`${path}.${key}`);
      continue;
    }
    const fieldType = field.resolve().resolvedType;
    if (!(fieldType instanceof protobuf.Type) || value === null || typeof value !== 'object') continue;
    const items = field.map ? Object.values(value) : Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item !== null && typeof item === 'object' && !ArrayBuffer.isView(item)) out.push(...unknownNested(fieldType, item as EnvoyObject, `${path}.${key}`));
    }
  }
  return out;
}

function unknownNested(type: protobuf.Type, object: EnvoyObject, path: string): string[] {
  if (type.fullName !== anyTypeName) return unknownFields(type, object, path);
  const url = object['@type'];
  if (typeof url !== 'string') return unknownFields(type, object, path);
  try {
    return unknownFields(messageType(url), object, `${path}<${url.slice(url.lastIndexOf('/') + 1)}>`, true);
  } catch {
    return [`${path}: Any of unknown type '${url}'`];
  }
}
