import type { Snapshot } from '../../core/projection/snapshot.js';
import { encodeSnapshot } from './encodedSnapshot.js';

export type SnapshotListener = (snapshot: Snapshot) => void;

/** Where the ADS server gets each node's config; it holds no snapshots itself. */
export interface SnapshotSource {
  current(nodeId: string): Snapshot | undefined;
  /** Calls `listener` with every later snapshot for the node; returns the unsubscribe. */
  subscribe(nodeId: string, listener: SnapshotListener): () => void;
}

/** The latest snapshot per node, in memory. */
export class SnapshotCache implements SnapshotSource {
  readonly #snapshots = new Map<string, Snapshot>();
  readonly #listeners = new Map<string, Set<SnapshotListener>>();

  /**
   * Publishes a node's snapshot. One that does not encode throws here and
   * the previous snapshot stays (checked before published, STYLE 9); an
   * equal version is the same content, so nobody is notified.
   */
  set(snapshot: Snapshot): void {
    encodeSnapshot(snapshot);
    if (this.#snapshots.get(snapshot.node)?.version === snapshot.version) return;
    this.#snapshots.set(snapshot.node, snapshot);
    for (const listener of [...(this.#listeners.get(snapshot.node) ?? [])]) listener(snapshot);
  }

  current(nodeId: string): Snapshot | undefined {
    return this.#snapshots.get(nodeId);
  }

  subscribe(nodeId: string, listener: SnapshotListener): () => void {
    const listeners = this.#listeners.get(nodeId) ?? new Set();
    this.#listeners.set(nodeId, listeners);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (!listeners.size && this.#listeners.get(nodeId) === listeners) this.#listeners.delete(nodeId);
    };
  }
}
