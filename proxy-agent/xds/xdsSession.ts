// One ADS stream, whichever variant: which node it is served, nonces,
// ACK/NACK, and when each type may be pushed. The variant (sotwProtocol.ts,
// deltaProtocol.ts) only says what a request subscribes to and what a
// response would carry (go-control-plane's one stream handler, STYLE 10).
import type * as grpc from '@grpc/grpc-js';
import type { Snapshot } from '../../core/projection/snapshot.js';
import type { ClientStatus } from './clientStatus.js';
import { newClientStatus, recordAck, recordNack, recordSent } from './clientStatus.js';
import type { Node, Status } from './discoveryService.js';
import type { EncodedSnapshot, EncodedType } from './encodedSnapshot.js';
import { encodeSnapshot, pushOrder } from './encodedSnapshot.js';
import type { SnapshotSource } from './snapshotCache.js';

/** What every variant tracks per type on a stream. */
export interface TypeState {
  readonly typeUrl: string;
  /** The nonce of the latest response; a request carrying any other is stale. */
  nonce?: string;
  /** The type version of the latest response. */
  sentVersion?: string;
  /** A response is out and neither ACKed nor NACKed yet. */
  awaiting: boolean;
}

export interface CommonRequest {
  node?: Node;
  typeUrl?: string;
  responseNonce?: string;
  errorDetail?: Status;
}

export interface XdsProtocol<Req extends CommonRequest, Res, S extends TypeState, Out extends { version: string }> {
  readonly name: ClientStatus['protocol'];
  newState(typeUrl: string): S;
  /**
   * Whether a request whose nonce is not the latest is dropped whole (SotW:
   * the next request repeats its subscription) or still subscribes (delta:
   * its changes are not repeated). Either way it is no ACK or NACK.
   */
  readonly dropsStaleRequests: boolean;
  /** Applies the request's subscription changes. */
  subscribe(state: S, request: Req): void;
  /** What a response would carry now, or undefined when the client already has it. */
  next(state: S, type: EncodedType): Out | undefined;
  /** Records that `out` was sent. */
  commit(state: S, out: Out): void;
  message(out: Out, typeUrl: string, nonce: string): Res;
}

export interface SessionOptions {
  readonly source: SnapshotSource;
  readonly fallbackNode: string;
}

const servedTypes = new Set(pushOrder);

export class XdsSession<Req extends CommonRequest, Res, S extends TypeState, Out extends { version: string }> {
  readonly status: ClientStatus;
  readonly #states = new Map<string, S>();
  #snapshot: EncodedSnapshot | undefined;
  #unsubscribe: (() => void) | undefined;
  #nonces = 0;
  #closed = false;

  constructor(
    id: number,
    private readonly call: grpc.ServerDuplexStream<Req, Res>,
    private readonly protocol: XdsProtocol<Req, Res, S, Out>,
    private readonly options: SessionOptions,
  ) {
    this.status = newClientStatus(id, protocol.name, new Date());
  }

  receive(request: Req): void {
    if (this.#closed) return;
    // Only the first request is sure to carry the node.
    if (!this.#unsubscribe) this.#attach(request.node?.id ?? '');
    const typeUrl = request.typeUrl ?? '';
    // Nothing to serve for other types (scoped routes, runtime...): no response, as for a resource that does not exist.
    if (!servedTypes.has(typeUrl)) return;
    const nonce = request.responseNonce ?? '';
    let state = this.#states.get(typeUrl);
    if (!state) this.#states.set(typeUrl, (state = this.protocol.newState(typeUrl)));
    const latest = nonce !== '' && nonce === state.nonce;
    if (!latest && state.nonce !== undefined && this.protocol.dropsStaleRequests) return;
    // Only the first reply to a response ACKs or NACKs it; more with its nonce just change the subscription.
    if (latest && state.awaiting) this.#settle(state, request);
    this.protocol.subscribe(state, request);
    this.#pushAll();
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe?.();
  }

  /**
   * Serves the client's own node if the source knows it, else the fallback
   * (a proxyless gRPC client without a node id of its own, say).
   */
  #attach(nodeId: string): void {
    const served = nodeId && this.options.source.current(nodeId) ? nodeId : this.options.fallbackNode;
    this.status.nodeId = nodeId;
    this.status.servedNode = served;
    this.#unsubscribe = this.options.source.subscribe(served, (snapshot) => this.#update(snapshot));
    const current = this.options.source.current(served);
    if (current) this.#update(current);
  }

  #update(snapshot: Snapshot): void {
    if (this.#closed) return;
    this.#snapshot = encodeSnapshot(snapshot);
    this.status.snapshotVersion = snapshot.version;
    this.#pushAll();
  }

  #settle(state: S, request: Req): void {
    state.awaiting = false;
    const version = state.sentVersion ?? '';
    if (request.errorDetail) recordNack(this.status, state.typeUrl, version, request.errorDetail.message ?? '', new Date());
    else recordAck(this.status, state.typeUrl, version, new Date());
  }

  /**
   * Pushes every subscribed type that has something new, in make-before-break
   * order. A type still awaiting its ACK holds back the types after it, so a
   * listener never arrives before the clusters it sends to; its ACK resumes.
   */
  #pushAll(): void {
    const snapshot = this.#snapshot;
    if (!snapshot) return; // parked until the node's first snapshot
    for (const typeUrl of pushOrder) {
      const state = this.#states.get(typeUrl);
      const type = snapshot.types.get(typeUrl);
      if (!state || !type) continue;
      const out = this.protocol.next(state, type);
      if (!out) continue;
      if (state.awaiting) return;
      this.#send(state, out);
    }
  }

  #send(state: S, out: Out): void {
    const nonce = String(++this.#nonces);
    this.protocol.commit(state, out);
    Object.assign(state, { nonce, sentVersion: out.version, awaiting: true });
    recordSent(this.status, state.typeUrl, out.version);
    this.call.write(this.protocol.message(out, state.typeUrl, nonce));
  }
}
