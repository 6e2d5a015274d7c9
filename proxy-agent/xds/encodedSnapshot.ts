// A snapshot in wire form, encoded once and shared by every stream serving it.
import { createHash } from 'node:crypto';
import { resourceName } from '../../core/projection/compile/envoyConfig.js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import type { ResourceType } from '../../core/projection/envoy/typeUrls.js';
import { resourceTypes, typeUrls } from '../../core/projection/envoy/typeUrls.js';
import type { AnyMessage } from './envoyMessages.js';
import { toAny } from './envoyMessages.js';

export interface EncodedResource {
  readonly name: string;
  /** A hash of the resource's bytes: delta xDS's per-resource version, and how SotW spots a change. */
  readonly version: string;
  readonly any: AnyMessage;
  /**
   * Served only to a client that names it: API listeners exist for proxyless
   * gRPC clients, and Envoy, which subscribes to every listener, must not get them.
   */
  readonly namedOnly: boolean;
}

export interface EncodedType {
  /**
   * A hash of this type's resources only, not the snapshot version, so a
   * cluster change leaves the listeners' version alone.
   */
  readonly version: string;
  readonly byName: ReadonlyMap<string, EncodedResource>;
}

export interface EncodedSnapshot {
  readonly node: string;
  readonly version: string;
  readonly types: ReadonlyMap<string, EncodedType>;
}

/** The push order for one change: Envoy's make-before-break (clusters, their endpoints, listeners, their routes), secrets last. */
export const pushOrder: readonly string[] = (['cluster', 'endpoint', 'listener', 'route', 'secret'] satisfies ResourceType[]).map((t) => typeUrls[t]);

const encoded = new WeakMap<Snapshot, EncodedSnapshot>();

/** Encodes every resource (memoized per snapshot); throws, naming the resource, if one does not encode. */
export function encodeSnapshot(snapshot: Snapshot): EncodedSnapshot {
  const cached = encoded.get(snapshot);
  if (cached) return cached;
  const types = new Map(resourceTypes.map((type) => [typeUrls[type], encodeType(typeUrls[type], snapshot.resources[type])]));
  const result = { node: snapshot.node, version: snapshot.version, types };
  encoded.set(snapshot, result);
  return result;
}

function encodeType(typeUrl: string, resources: readonly Record<string, unknown>[]): EncodedType {
  const byName = new Map<string, EncodedResource>();
  for (const resource of resources) {
    const name = resourceName(resource);
    let any: AnyMessage;
    try {
      any = toAny(typeUrl, resource);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
    }
    byName.set(name, { name, version: hash([any.value]), any, namedOnly: resource['apiListener'] !== undefined });
  }
  const names = [...byName.keys()].sort();
  return { version: hash(names.map((n) => `${n}\n${byName.get(n)?.version}\n`)), byName };
}

function hash(parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest('base64url').slice(0, 22);
}
