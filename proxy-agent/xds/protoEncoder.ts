// Protobuf encoding driven by the plain descriptor, for the resources the
// agent serves. protobufjs would need reflection objects and generated code
// for every type, which is most of a sidecar's memory budget; this walks the
// object once with protobufjs's Writer and is checked byte for byte against
// protobufjs over every golden snapshot (envoyDescriptor.unit.test.ts).
//
// Stricter than protobufjs's fromObject, which drops what it does not know: a
// field the type lacks, an enum name it does not have, a value of the wrong
// kind, two members of one oneof, an Any of a type not in the descriptor.
import protobuf from 'protobufjs/minimal.js';
import type { FieldDescriptor, MessageDescriptor, ProtoDescriptor } from './protoDescriptor.js';

type Writer = protobuf.Writer;
type Json = Record<string, unknown>;

/** Wire type per scalar; a message, enum or map entry is resolved by the caller. */
const wireTypes: Record<string, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, fixed32: 5, sfixed32: 5,
  int64: 0, uint64: 0, sint64: 0, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2,
};
const longTypes = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const anyType = 'google.protobuf.Any';

export class ProtoEncodingError extends Error {}

export class ProtoEncoder {
  /** Fields in number order, which is the order protobufjs writes them in. */
  private readonly fieldLists = new Map<string, [string, FieldDescriptor][]>();

  constructor(private readonly descriptor: ProtoDescriptor) {}

  has(typeName: string): boolean {
    return this.descriptor.messages[typeName] !== undefined;
  }

  /** The wire form of `object` as message `typeName` (full name, no leading dot). */
  encode(typeName: string, object: Json): Uint8Array {
    const writer = protobuf.Writer.create();
    this.message(writer, typeName, object, '');
    return writer.finish();
  }

  private message(w: Writer, typeName: string, object: Json, path: string): void {
    if (typeName === anyType && typeof object['@type'] === 'string') return this.any(w, object['@type'], object, path);
    const message = this.descriptor.messages[typeName];
    if (!message) throw new ProtoEncodingError(`${path || '.'}: ${typeName} is not in the descriptor`);
    for (const key of Object.keys(object)) if (!message.fields[key]) throw new ProtoEncodingError(`${path}.${key}: not in the proto`);
    checkOneofs(message, object, path);
    for (const [name, field] of this.fields(typeName, message)) {
      const value = object[name];
      if (value === undefined || value === null) continue;
      const at = `${path}.${name}`;
      if (field.keyType) this.map(w, field, value, at);
      else if (field.repeated) this.repeated(w, field, value, at);
      else this.field(w, field, value, at);
    }
  }

  /** An Any given as `{'@type': url, ...fields}`: the embedded message, encoded, as its value (protobufjs's Any wrapper does the same). */
  private any(w: Writer, typeUrl: string, object: Json, path: string): void {
    const name = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
    const inner = `${path}<${name}>`;
    if (!this.has(name)) throw new ProtoEncodingError(`${path || '.'}: Any of unknown type '${typeUrl}'`);
    const { '@type': _type, ...fields } = object;
    let url = typeUrl.startsWith('.') ? typeUrl.slice(1) : typeUrl;
    if (!url.includes('/')) url = `/${url}`;
    w.uint32(10).string(url);
    w.uint32(18).fork();
    this.message(w, name, fields, inner);
    w.ldelim();
  }

  private fields(typeName: string, message: MessageDescriptor): [string, FieldDescriptor][] {
    let list = this.fieldLists.get(typeName);
    if (!list) {
      list = Object.entries(message.fields).sort(([, a], [, b]) => a.id - b.id);
      this.fieldLists.set(typeName, list);
    }
    return list;
  }

  private field(w: Writer, field: FieldDescriptor, value: unknown, path: string): void {
    const type = this.typeOf(field.type);
    if (type.kind === 'message') {
      w.uint32(tag(field.id, 2)).fork();
      this.message(w, type.name, asObject(value, path), path);
      w.ldelim();
      return;
    }
    const scalar = type.kind === 'enum' ? 'int32' : field.type;
    w.uint32(tag(field.id, wireTypes[scalar] ?? 0));
    writeScalar(w, scalar, type.kind === 'enum' ? this.enumNumber(type.name, value, path) : value, path);
  }

  private repeated(w: Writer, field: FieldDescriptor, value: unknown, path: string): void {
    if (!Array.isArray(value)) throw new ProtoEncodingError(`${path}: array expected`);
    if (value.length === 0) return;
    const type = this.typeOf(field.type);
    if (field.packed && type.kind !== 'message') {
      const scalar = type.kind === 'enum' ? 'int32' : field.type;
      w.uint32(tag(field.id, 2)).fork();
      value.forEach((item, i) => writeScalar(w, scalar, type.kind === 'enum' ? this.enumNumber(type.name, item, `${path}[${i}]`) : item, `${path}[${i}]`));
      w.ldelim();
      return;
    }
    value.forEach((item, i) => this.field(w, field, item, `${path}[${i}]`));
  }

  private map(w: Writer, field: FieldDescriptor, value: unknown, path: string): void {
    const entries = Object.entries(asObject(value, path));
    const keyType = field.keyType ?? 'string';
    for (const [key, item] of entries) {
      const at = `${path}[${JSON.stringify(key)}]`;
      w.uint32(tag(field.id, 2)).fork();
      w.uint32(tag(1, wireTypes[keyType] ?? 0));
      writeScalar(w, keyType, keyType === 'string' || longTypes.has(keyType) ? key : keyType === 'bool' ? key === 'true' : Number(key), at);
      this.field(w, { id: 2, type: field.type }, item, at);
      w.ldelim();
    }
  }

  private typeOf(type: string): { kind: 'scalar' } | { kind: 'message' | 'enum'; name: string } {
    if (!type.startsWith('.')) return { kind: 'scalar' };
    const name = type.slice(1);
    if (this.descriptor.messages[name]) return { kind: 'message', name };
    if (this.descriptor.enums[name]) return { kind: 'enum', name };
    throw new ProtoEncodingError(`${name} is not in the descriptor`);
  }

  private enumNumber(enumName: string, value: unknown, path: string): number {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    const number = typeof value === 'string' ? this.descriptor.enums[enumName]?.values[value] : undefined;
    if (number === undefined) throw new ProtoEncodingError(`${path}: ${JSON.stringify(value)} is not a ${enumName.slice(enumName.lastIndexOf('.') + 1)}`);
    return number;
  }
}

const tag = (id: number, wireType: number) => ((id << 3) | wireType) >>> 0;

function asObject(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) throw new ProtoEncodingError(`${path}: object expected`);
  return value as Json;
}

function checkOneofs(message: MessageDescriptor, object: Json, path: string): void {
  for (const [name, members] of Object.entries(message.oneofs ?? {})) {
    const set = members.filter((m) => object[m] !== undefined && object[m] !== null);
    if (set.length > 1) throw new ProtoEncodingError(`${path}: ${set.join(' and ')} are both set, but only one member of oneof ${name} may be`);
  }
}

function writeScalar(w: Writer, type: string, value: unknown, path: string): void {
  const expected = (what: string) => new ProtoEncodingError(`${path}: ${type} expected (${what}), got ${JSON.stringify(value)}`);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw expected('a string');
      w.string(value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw expected('true or false');
      w.bool(value);
      return;
    case 'bytes':
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw expected('base64 or bytes');
      w.bytes(value);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') throw expected('a number');
      w[type](value);
      return;
  }
  if (longTypes.has(type)) {
    if (!(typeof value === 'number' && Number.isInteger(value)) && !(typeof value === 'string' && /^-?\d+$/.test(value))) throw expected('an integer');
    (w[type as 'int64'] as (v: number | string) => Writer)(value);
    return;
  }
  if (!(typeof value === 'number' && Number.isInteger(value))) throw expected('an integer');
  (w[type as 'int32'] as (v: number) => Writer)(value);
}
