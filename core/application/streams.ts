import { serviceOfStream } from '../domain/registry/instance.js';
import type { Resource } from '../domain/resource.js';

/**
 * A mesh's events live in a stream named after the mesh and its uid, so a mesh
 * deleted and created again starts a new history instead of continuing the old.
 */
export function streamOf(mesh: Resource): string {
  return `${mesh.id.name}/${mesh.metadata.uid}`;
}

/** The mesh a stream belongs to (uids never contain '/'). */
export function meshOfStream(stream: string): string {
  return stream.slice(0, stream.lastIndexOf('/'));
}

/** `<mesh>/<uid>`: mesh names hold neither '/' nor '@', uids no '/'. */
const isMeshStream = (stream: string): boolean => /^[^@/]+\/[^/]+$/.test(stream);

/**
 * Every kind of stream in the events table, declared once: how its name
 * reads, and which projection brings its events to the snapshots. The
 * projector handles exactly these (a `Record<StreamKind, ...>`, so a kind
 * added here without a handler does not compile) and skips any other stream.
 */
export const streamKinds = [
  { kind: 'registry', matches: (stream: string) => serviceOfStream(stream) !== undefined, projection: "a Cloud Map service's instances, then every mesh whose nodes read them" },
  { kind: 'mesh', matches: isMeshStream, projection: "the mesh's virtual node and gateway snapshots" },
] as const;

export type StreamKind = (typeof streamKinds)[number]['kind'];

/** The kind of a stream, or undefined for one Weft does not project (a malformed or foreign partition). */
export function streamKindOf(stream: string): StreamKind | undefined {
  return streamKinds.find((k) => k.matches(stream))?.kind;
}
