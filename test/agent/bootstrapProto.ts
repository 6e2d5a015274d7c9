// Test support: the bootstrap checked against Envoy's own v3 .proto files:
// every field name, enum and nested message must exist, also inside the
// typed_config Anys it embeds (tracers, the DogStatsD sink, the access log),
// and nothing may be lost on the way through the encoding (a misspelt or
// unknown field is silently dropped by fromObject, so it shows as a difference).
import protobuf from 'protobufjs';
import { loadEnvoyProtos } from '../../scripts/envoyProtoSources.js';

type Json = Record<string, unknown>;

let root: protobuf.Root | undefined;
/** snake_case names (keepCase), as Envoy's JSON/YAML spells them; plus the types the bootstrap embeds in an Any. */
function bootstrapRoot(): protobuf.Root {
  root ??= loadEnvoyProtos(
    [
      'envoy/config/bootstrap/v3/bootstrap.proto',
      'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
      'envoy/extensions/access_loggers/file/v3/file.proto',
      'envoy/config/trace/v3/xray.proto',
      'envoy/config/trace/v3/datadog.proto',
      'envoy/config/trace/v3/zipkin.proto',
      'envoy/config/metrics/v3/stats.proto',
    ],
    { keepCase: true },
  );
  return root;
}

const wrappers = new Set(['BoolValue', 'UInt32Value', 'UInt64Value', 'Int32Value', 'Int64Value', 'DoubleValue', 'FloatValue', 'StringValue'].map((n) => `.google.protobuf.${n}`));

/**
 * Envoy's JSON form -> protobufjs's object form: protobufjs knows the JSON
 * mapping of Any (`@type`) only, so Duration strings, Structs and wrappers are
 * spelt out here. Fields the type lacks are kept, so the round trip shows them lost.
 */
function toProtobufjs(type: protobuf.Type, json: Json): Json {
  if (type.fullName === '.google.protobuf.Any') {
    const { '@type': url, ...fields } = json;
    return { '@type': url, ...toProtobufjs(bootstrapRoot().lookupType(String(url).split('/').pop() ?? ''), fields) };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    const convert = (v: unknown) => (field?.resolvedType instanceof protobuf.Type ? messageOf(field.resolvedType, v) : v);
    if (!field) out[key] = value;
    else if (field.map) out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, convert(v)]));
    else if (field.repeated) out[key] = (value as unknown[]).map(convert);
    else out[key] = convert(value);
  }
  return out;
}

function messageOf(type: protobuf.Type, value: unknown): unknown {
  if (type.fullName === '.google.protobuf.Duration') {
    const match = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(String(value));
    if (!match) throw new Error(`'${String(value)}' is not a Duration as Envoy's JSON spells it`);
    const [, seconds = '0', fraction = ''] = match;
    const nanos = Number(fraction.padEnd(9, '0'));
    return { ...(Number(seconds) ? { seconds: Number(seconds) } : {}), ...(nanos ? { nanos } : {}) };
  }
  if (type.fullName === '.google.protobuf.Struct') return structOf(value as Json);
  // A wrapper holding its type's default encodes as an empty (but present) message.
  if (wrappers.has(type.fullName)) return value === false || value === 0 || value === '' ? {} : { value };
  return toProtobufjs(type, value as Json);
}

// protobufjs bundles struct.proto with camelCase field names whatever keepCase says.
const structOf = (json: Json): Json => ({ fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, valueOf(v)])) });
function valueOf(v: unknown): Json {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(valueOf) } };
  return v === null ? { nullValue: 'NULL_VALUE' } : { structValue: structOf(v as Json) };
}

/** The bootstrap as protobufjs sees it, and as it comes back from its own wire encoding. */
export function roundTrip(bootstrap: Json): { sent: Json; received: Json; error: string | null } {
  const type = bootstrapRoot().lookupType('envoy.config.bootstrap.v3.Bootstrap');
  const sent = toProtobufjs(type, bootstrap);
  const message = type.fromObject(sent);
  const received = type.toObject(type.decode(type.encode(message).finish()), { enums: String, longs: Number, json: true });
  return { sent, received, error: type.verify(message) };
}

