// The golden fixture meshes (goldens/meshes/*.ts) in one list, and how each
// is compiled: from scratch, every proxy, as the projector does on a cold
// start. The golden test, the property test and the determinism script share it.
import type { StoredEvent } from '../../core/domain/events.js';
import type { ServiceInstance } from '../../core/projection/meshReader.js';
import { meshReader } from '../../core/projection/meshReader.js';
import type { Rejected, TargetKey } from '../../core/projection/projection.js';
import { emptyProjection, project } from '../../core/projection/projection.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import * as discovery from './goldens/meshes/discovery.js';
import * as egress from './goldens/meshes/egress.js';
import * as gateway from './goldens/meshes/gateway.js';
import * as grpcAndTcp from './goldens/meshes/grpcAndTcp.js';
import * as httpRouting from './goldens/meshes/httpRouting.js';
import * as tlsAndPolicies from './goldens/meshes/tlsAndPolicies.js';

/** A registered Cloud Map instance, with the service it belongs to. */
export type RegisteredInstance = ServiceInstance & { readonly namespace: string; readonly service: string };

/** A fixture mesh: its event log, and the Cloud Map instances registered while it runs. */
export interface GoldenMesh {
  readonly name: string;
  readonly events: readonly StoredEvent[];
  readonly instances?: readonly RegisteredInstance[];
}

export const goldenMeshes: readonly GoldenMesh[] = [httpRouting, grpcAndTcp, tlsAndPolicies, discovery, egress, gateway].flatMap((f) => f.meshes);

/** The instances lookup a mesh reader takes, over a list that may grow. */
export const instancesFrom = (instances: readonly RegisteredInstance[]) => (namespace: string, service: string) =>
  instances.filter((i) => i.namespace === namespace && i.service === service);

export interface CompiledMesh {
  readonly snapshots: ReadonlyMap<TargetKey, Snapshot>;
  readonly rejected: readonly Rejected[];
  readonly removed: readonly TargetKey[];
}

/** Every proxy of the mesh, compiled from scratch with all its instances registered. */
export function compileGoldenMesh(mesh: GoldenMesh): CompiledMesh {
  const projection = emptyProjection(mesh.name);
  const reader = meshReader(projection.state, instancesFrom(mesh.instances ?? []));
  const { changes, rejected } = project(projection, mesh.events, reader);
  const snapshots = new Map<TargetKey, Snapshot>();
  for (const change of changes) if ('snapshot' in change) snapshots.set(change.target, change.snapshot);
  return { snapshots, rejected, removed: changes.flatMap((c) => ('removed' in c ? [c.target] : [])) };
}
