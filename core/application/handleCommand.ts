import { ApiError, conflict } from '../errors.js';
import type { Command, CommandMetadata } from '../domain/commands.js';
import { decide, referencesOf } from '../domain/deciders/decide.js';
import { rulesFor } from '../domain/deciders/rulesFor.js';
import type { Resource } from '../domain/resource.js';
import type { AccountSettings } from '../domain/arn.js';
import type { Commit, LoadedView, MeshStore } from './meshStore.js';
import { streamOf } from './streams.js';

export interface CommandDeps {
  readonly store: MeshStore;
  readonly account: AccountSettings;
  readonly now: () => number;
  readonly newUid: () => string;
  /** Waits before retry number `attempt` (1, 2, ...); the adapter picks the backoff and jitter. */
  readonly backoff: (attempt: number) => Promise<void>;
  readonly maxAttempts?: number;
}

export interface RequestContext {
  readonly requestId: string;
  readonly actor: string;
  readonly clientToken?: string;
  /** A digest of the operation and its input, to tell a retry from a different request with the same token. */
  readonly requestHash: string;
  /** Told the mesh version of the event this request appended (not called for a replay, which appends nothing). */
  readonly onAppended?: (meshVersion: number) => void;
}

/** A bound all the same: a command that keeps losing its turn gives up, as one that keeps being refused does. */
const maxSuperseded = 100;

/**
 * Read, decide, append; on a concurrent append, read again and decide again
 * (bounded). One command gives exactly one event or an error and no event.
 *
 * A view from the store's cache may be stale (another instance wrote since),
 * which the conditional append catches for an accepted command but nothing
 * catches for a refused one: a refusal decided on a cached view is decided
 * again on a fresh read before it is answered.
 *
 * A client token is looked up only when it can change the answer: when the
 * decision fails (a retried create finds its own resource) or the append
 * finds the token taken. Then the earlier request's result is the answer.
 */
export async function handleCommand(command: Command, request: RequestContext, deps: CommandDeps): Promise<Resource> {
  const maxAttempts = deps.maxAttempts ?? 12;
  const references = referencesOf(command);
  let refused = 0;
  let superseded = 0;
  let fresh = false;
  for (;;) {
    const view = await deps.store.loadView({ target: command.id, references, findDependent: command.type === 'delete', fresh });
    const readFresh = fresh;
    fresh = false;
    const meta: CommandMetadata = {
      now: deps.now(),
      newUid: deps.newUid(),
      requestId: request.requestId,
      actor: request.actor,
      account: deps.account,
      ...(request.clientToken !== undefined ? { clientToken: request.clientToken } : {}),
    };
    let event: Commit['event'];
    try {
      event = decide(command, view, meta);
    } catch (error) {
      // Costs a read only when refusing; a fresh read is not a retry, so it uses no attempt.
      if (error instanceof ApiError && view.fromCache && !readFresh) {
        fresh = true;
        continue;
      }
      const replay = error instanceof ApiError ? await replayOf(request, deps.store) : undefined;
      if (replay) return replay;
      throw error;
    }
    const commit = commitOf(command, view, event, request);
    const outcome = await deps.store.append(commit);
    if (outcome === 'appended') {
      request.onAppended?.(commit.expectedVersion + 1);
      return event.resource;
    }
    if (outcome === 'tokenUsed') {
      const replay = await replayOf(request, deps.store);
      if (replay) return replay;
    }
    // Each time this is superseded another command on the mesh has committed, and the
    // commits waiting on it go in arrival order: no backoff, and no attempt used up.
    if (outcome === 'superseded' && ++superseded <= maxSuperseded) continue;
    if (++refused >= maxAttempts) break;
    await deps.backoff(refused);
  }
  throw new ApiError('TooManyRequestsException', 'The mesh is being changed by many requests at once; retry the request.');
}

/** The result of the earlier request with this client token; a conflict if that request was a different one. */
async function replayOf(request: RequestContext, store: MeshStore): Promise<Resource | undefined> {
  if (request.clientToken === undefined) return undefined;
  const prior = await store.priorRequest(request.clientToken);
  if (!prior) return undefined;
  if (prior.requestHash !== request.requestHash) {
    throw conflict(`clientToken: '${request.clientToken}' was already used for a different request.`);
  }
  return prior.resource;
}

/** The commit for a decided event: where in the stream it goes, the references it adds and drops, its client token. */
export function commitOf(command: Command, view: LoadedView, event: Commit['event'], request: RequestContext): Commit {
  const resource = event.resource;
  const rules = rulesFor(resource.id.kind);
  const before = view.target ? rules.references(view.target.id, view.target.spec).map((r) => r.id) : [];
  const after = event.action === 'Deleted' ? [] : rules.references(resource.id, resource.spec).map((r) => r.id);
  // A new mesh starts a new stream; everything else continues the mesh's current one.
  const position = command.type === 'create' && command.id.kind === 'mesh' ? { stream: streamOf(resource), version: 0 } : view.position;
  if (!position) throw new Error('a decided command on a mesh that does not exist');
  return {
    stream: position.stream,
    expectedVersion: position.version,
    event,
    referencesBefore: before,
    referencesAfter: after,
    ...(request.clientToken !== undefined
      ? { idempotency: { clientToken: request.clientToken, requestHash: request.requestHash } }
      : {}),
  };
}
