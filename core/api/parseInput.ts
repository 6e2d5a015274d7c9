import { badRequest } from '../errors.js';
import type { StructureShape } from '../model/serviceModel.js';
import { operations, shapeOf } from '../model/serviceModel.js';
import { validateInput } from '../model/validateShape.js';
import type { JsonObject } from '../domain/resource.js';
import { maxBodyBytes } from './http.js';

export interface RawInput {
  readonly labels: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
}

/**
 * Builds an operation's input the way the model lays it out (URI labels, query
 * string, JSON body) and validates it. Throws BadRequestException naming the
 * field; nothing past this point sees unvalidated input.
 */
export function parseInput(operation: string, raw: RawInput): JsonObject {
  const shapeName = operations[operation]?.input?.shape;
  if (!shapeName) return {};
  const shape = shapeOf(shapeName) as StructureShape;
  const input: JsonObject = { ...parseBody(raw.body) };
  for (const [member, ref] of Object.entries(shape.members)) {
    if (ref.location === 'uri') {
      // Labels may only come from the path, never the body.
      delete input[member];
      const value = raw.labels[ref.locationName ?? member];
      if (value !== undefined) input[member] = value;
    } else if (ref.location === 'querystring') {
      delete input[member];
      const value = raw.query[ref.locationName ?? member];
      if (value !== undefined) input[member] = coerceQueryValue(member, ref.shape, value);
    }
  }
  const issue = validateInput(shapeName, input);
  if (issue) throw badRequest(issue.message);
  return withoutNulls(input);
}

/**
 * Validation treats a null member as absent, so it is dropped: a stored spec
 * never carries `"tls": null` for readers that test for undefined.
 */
function withoutNulls(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    out[key] = Array.isArray(member) ? member.map((m: unknown) => (isObject(m) ? withoutNulls(m) : m)) : isObject(member) ? withoutNulls(member) : member;
  }
  return out;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseBody(body: string | undefined): JsonObject {
  if (body === undefined || body.trim() === '') return {};
  if (Buffer.byteLength(body, 'utf8') > maxBodyBytes) throw badRequest(`body: must be at most ${maxBodyBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest('body: is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('body: must be a JSON object');
  return parsed as JsonObject;
}

function coerceQueryValue(member: string, shapeName: string, value: string): unknown {
  const type = shapeOf(shapeName).type;
  if (type !== 'integer' && type !== 'long') return value;
  if (!/^-?\d+$/.test(value)) throw badRequest(`${member}: must be an integer (got '${value}')`);
  return Number(value);
}
