// Typed access to the App Mesh service model (AWS SDK api-2.json format).
import model from './appmesh-2019-01-25.json' with { type: 'json' };

export type MemberRef = {
  shape: string;
  location?: 'uri' | 'querystring' | 'header';
  locationName?: string;
  idempotencyToken?: boolean;
};

export type StructureShape = {
  type: 'structure';
  members: Record<string, MemberRef>;
  required?: string[];
  union?: boolean;
  payload?: string;
  error?: { httpStatusCode: number; senderFault?: boolean };
  exception?: boolean;
};
export type ListShape = { type: 'list'; member: { shape: string }; min?: number; max?: number };
export type StringShape = { type: 'string'; min?: number; max?: number; pattern?: string; enum?: string[] };
export type NumberShape = { type: 'integer' | 'long'; min?: number; max?: number; box?: boolean };
export type BooleanShape = { type: 'boolean'; box?: boolean };
export type TimestampShape = { type: 'timestamp' };

export type Shape = StructureShape | ListShape | StringShape | NumberShape | BooleanShape | TimestampShape;

export type Operation = {
  name: string;
  http: { method: string; requestUri: string; responseCode: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
};

// The JSON import widens `type` to string, so the discriminated union needs one
// cast; the unit tests walk every shape to keep this honest.
const shapes = model.shapes as unknown as Readonly<Record<string, Shape>>;

export const operations: Readonly<Record<string, Operation>> = model.operations;

export const shapeNames: readonly string[] = Object.keys(shapes);

export function shapeOf(name: string): Shape {
  // hasOwn: shape names come from callers, so guard against prototype keys.
  const shape = Object.hasOwn(shapes, name) ? shapes[name] : undefined;
  if (shape === undefined) throw new Error(`unknown shape: ${name}`);
  return shape;
}
