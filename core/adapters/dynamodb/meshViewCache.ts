// What this process last knew of each mesh's state items, at one stream
// version: the items of an isolated read, carried forward by its own commits.
// Another process may have written to the mesh since, so an entry can be stale.
// An accepted decision made from it is safe: the commit that follows is
// conditional on the stream head still being at that version, so if anyone
// else wrote in between, the append is refused, the entry dropped, and the
// command re-read and re-decided from DynamoDB. A refusal made from it is not
// checked by anything (nothing is appended), and may be wrong: a node another
// process created is missing here. So the store marks views from the cache and
// handleCommand decides every refusal again on a fresh read before answering.
// A stale entry costs a refused append or one more read, never a wrong answer.
import type { Commit } from '../../application/meshStore.js';
import type { Resource } from '../../domain/resource.js';
import { meshIdOf } from '../../domain/resource.js';
import type { StateKey } from './stateKeys.js';
import { resourceKey } from './stateKeys.js';

/** A state item as a decision reads it: the resource, and on mesh items the stream head. */
export interface CachedItem {
  readonly resource?: Resource;
  readonly stream?: string;
  readonly streamVersion?: number;
}

interface Entry {
  readonly stream: string;
  readonly version: number;
  /** By key string; `undefined` records an item known to be absent at `version`. */
  readonly items: Map<string, CachedItem | undefined>;
}

export const keyString = (key: StateKey) => `${key.pk}\u0000${key.sk}`;

export class MeshViewCache {
  readonly #entries = new Map<string, Entry>();

  /** Bounded: the meshes written to least recently are forgotten first. */
  constructor(private readonly maxMeshes = 1000) {}

  /** The items for `keys` at the mesh's cached version, or undefined unless every one of them is known. */
  lookup(mesh: string, keys: readonly StateKey[]): Map<string, CachedItem> | undefined {
    const entry = this.#entries.get(mesh);
    if (!entry) return undefined;
    const found = new Map<string, CachedItem>();
    for (const key of keys) {
      const k = keyString(key);
      if (!entry.items.has(k)) return undefined;
      const item = entry.items.get(k);
      if (item) found.set(k, item);
    }
    return found;
  }

  /**
   * Items read in one isolated read. `keys` are all the keys asked for, so the
   * ones missing from `items` are known to be absent. A read older than what
   * is cached is ignored; one at the cached version adds to it.
   */
  remember(mesh: string, keys: readonly StateKey[], items: ReadonlyMap<string, CachedItem>): void {
    const head = items.get(keyString(resourceKey({ kind: 'mesh', mesh, name: mesh })));
    if (head?.stream === undefined || head.streamVersion === undefined) {
      this.#entries.delete(mesh);
      return;
    }
    const current = this.#entries.get(mesh);
    if (current && current.stream === head.stream && current.version > head.streamVersion) return;
    const entry = current && current.stream === head.stream && current.version === head.streamVersion
      ? current
      : { stream: head.stream, version: head.streamVersion, items: new Map<string, CachedItem | undefined>() };
    for (const key of keys) entry.items.set(keyString(key), items.get(keyString(key)));
    this.#store(mesh, entry);
  }

  /** A commit this process made: the entry moves to the new version if it was at the commit's own, and is dropped otherwise. */
  committed(commit: Commit): void {
    const { resource, action } = commit.event;
    const mesh = resource.id.mesh;
    const entry = this.#entries.get(mesh);
    const version = commit.expectedVersion + 1;
    const meshKey = keyString(resourceKey(meshIdOf(resource.id)));
    if (resource.id.kind === 'mesh') {
      if (action === 'Deleted') this.#entries.delete(mesh);
      else if (action === 'Created' || (entry?.stream === commit.stream && entry.version === commit.expectedVersion)) {
        this.#store(mesh, { stream: commit.stream, version, items: new Map([...(action === 'Created' ? [] : entry?.items ?? []), [meshKey, { resource, stream: commit.stream, streamVersion: version }]]) });
      } else this.#entries.delete(mesh);
      return;
    }
    if (!entry || entry.stream !== commit.stream || entry.version !== commit.expectedVersion) {
      this.#entries.delete(mesh);
      return;
    }
    const { items } = entry; // changed in place: lookups are synchronous, so none sees it half-done
    items.set(meshKey, { ...items.get(meshKey), streamVersion: version });
    items.set(keyString(resourceKey(resource.id)), action === 'Deleted' ? undefined : { resource });
    this.#store(mesh, { stream: commit.stream, version, items });
  }

  /**
   * Whether this process knows the mesh's stream is past `version`: it read or
   * committed a later version of the same stream, so a commit expecting the
   * head at `version` is certain to be refused.
   */
  isPast(mesh: string, stream: string, version: number): boolean {
    const entry = this.#entries.get(mesh);
    return entry !== undefined && entry.stream === stream && entry.version > version;
  }

  /** The mesh moved on without this process knowing how (a refused append): read it afresh next time. */
  forget(mesh: string): void {
    this.#entries.delete(mesh);
  }

  #store(mesh: string, entry: Entry): void {
    this.#entries.delete(mesh); // re-insert: Map order is the recency order
    this.#entries.set(mesh, entry);
    if (this.#entries.size > this.maxMeshes) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
