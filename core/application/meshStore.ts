import type { CommandView } from '../domain/deciders/decide.js';
import type { MeshEvent, StoredEvent } from '../domain/events.js';
import type { ResourceKind } from '../domain/kinds.js';
import type { Resource, ResourceId } from '../domain/resource.js';

/**
 * The port the application needs from storage. The DynamoDB adapter is the real
 * one, the in-memory one makes unit tests fast; the contract test in test/
 * runs against both.
 */
export interface MeshStore {
  /** Reads, at one stream version, everything a command's decision needs. */
  loadView(request: ViewRequest): Promise<LoadedView>;
  /**
   * Appends one event and writes the state it results in, all or nothing.
   * `conflict` means the stream moved past `expectedVersion` since the view
   * was read: re-read and decide again. `tokenUsed` means the commit's client
   * token was taken first: look up the request that took it.
   */
  append(commit: Commit): Promise<AppendOutcome>;
  /**
   * The request that used a client token, if any. Asked only when it matters
   * (a decision failed, or an append found the token taken), so a request with
   * a fresh token, which is every SDK write, costs no read for it.
   */
  priorRequest(clientToken: string): Promise<IdempotencyRecord | undefined>;
  getResource(id: ResourceId): Promise<Resource | undefined>;
  listResources(scope: ListScope, page: PageRequest): Promise<Page<Resource>>;
  /** Events of the mesh's current stream after `afterVersion`, in order; undefined when there is no such mesh. */
  readEvents(mesh: string, afterVersion: number, limit: number): Promise<StoredEvent[] | undefined>;
}

export interface ViewRequest {
  readonly target: ResourceId;
  readonly references: readonly ResourceId[];
  /** Deletes only: look for children and for resources that reference the target. */
  readonly findDependent: boolean;
  /** Read storage itself, past any cache: a rejection is only ever decided on such a view. */
  readonly fresh?: boolean;
}

/**
 * - `conflict`: the mesh's stream was not where the commit expected it.
 * - `superseded`: the same, known without asking storage, because a commit of
 *   this process moved the mesh on first; the store already holds the newer
 *   view, so the command can be decided again at once.
 * - `tokenUsed`: the client token belongs to an earlier request.
 */
export type AppendOutcome = 'appended' | 'conflict' | 'superseded' | 'tokenUsed';

export interface LoadedView extends CommandView {
  /** Where the mesh's stream stood when the view was read; undefined when the mesh does not exist. */
  readonly position?: StreamPosition;
  /**
   * True when the view came (even in part) from what this process remembered
   * rather than from storage: another process may have changed the mesh since.
   */
  readonly fromCache?: boolean;
}

export interface StreamPosition {
  readonly stream: string;
  readonly version: number;
}

/** The request that used a client token, and its result. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly resource: Resource;
}

export interface Commit {
  readonly stream: string;
  readonly expectedVersion: number;
  readonly event: MeshEvent;
  /** What the resource referenced before and after, so the store can keep its reverse index. */
  readonly referencesBefore: readonly ResourceId[];
  readonly referencesAfter: readonly ResourceId[];
  /** The request's client token, and its hash to tell a retry from another request; the result is the event's resource. */
  readonly idempotency?: { readonly clientToken: string; readonly requestHash: string };
}

/** Resources of one kind in a mesh (or one router / gateway); kind `mesh` lists meshes. */
export interface ListScope {
  readonly kind: ResourceKind;
  readonly mesh?: string;
  readonly parent?: string;
}

export interface PageRequest {
  readonly limit: number;
  /** The name of the last item of the previous page. */
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items follow: the name of the last item returned. */
  readonly lastName?: string;
}
