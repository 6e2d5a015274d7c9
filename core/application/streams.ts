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
