import type { Resource } from './resource.js';

export type EventAction = 'Created' | 'Updated' | 'Deleted' | 'Tagged' | 'Untagged';

/**
 * One change to a mesh, carrying the full resulting resource so the log alone
 * can rebuild any state (and the projector never has to read anything else).
 * `type` is `<TypeName><Action>`, e.g. `RouteUpdated`.
 */
export interface MeshEvent {
  readonly type: string;
  readonly action: EventAction;
  readonly resource: Resource;
  readonly actor: string;
  readonly requestId: string;
  readonly clientToken?: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** An event as it sits in a mesh's stream. */
export interface StoredEvent extends MeshEvent {
  readonly stream: string;
  readonly version: number;
}
