// What each connected proxy has accepted and rejected: the agent reports it
// to the control plane, which shows which proxy runs which config.

export interface Nack {
  readonly typeUrl: string;
  /** The version the client rejected (the one sent with the NACKed nonce). */
  readonly version: string;
  readonly message: string;
  readonly at: string;
}

export interface TypeStatus {
  /** The last version the client ACKed on this stream. */
  ackedVersion?: string;
  ackedAt?: string;
  /** The version of the response awaiting the client's ACK or NACK. */
  pendingVersion?: string;
  /** A rejection not yet followed by an ACK of this type. */
  nack?: Nack;
}

export interface ClientStatus {
  readonly stream: number;
  readonly protocol: 'sotw' | 'delta';
  readonly connectedAt: string;
  /** The node id the client sent ('' if none). */
  nodeId: string;
  /** The node whose snapshot it is served: its own, or the fallback. */
  servedNode: string;
  /** The served snapshot's version, once there is one. */
  snapshotVersion?: string;
  readonly types: Record<string, TypeStatus>;
  /** The latest outstanding NACK of any type. */
  lastNack?: Nack;
}

export function newClientStatus(stream: number, protocol: ClientStatus['protocol'], now: Date): ClientStatus {
  return { stream, protocol, connectedAt: now.toISOString(), nodeId: '', servedNode: '', types: {} };
}

export function recordSent(status: ClientStatus, typeUrl: string, version: string): void {
  typeStatus(status, typeUrl).pendingVersion = version;
}

export function recordAck(status: ClientStatus, typeUrl: string, version: string, now: Date): void {
  const type = typeStatus(status, typeUrl);
  type.ackedVersion = version;
  type.ackedAt = now.toISOString();
  delete type.pendingVersion;
  delete type.nack;
  status.lastNack = latestNack(status);
  if (!status.lastNack) delete status.lastNack;
}

export function recordNack(status: ClientStatus, typeUrl: string, version: string, message: string, now: Date): void {
  const type = typeStatus(status, typeUrl);
  delete type.pendingVersion;
  type.nack = { typeUrl, version, message, at: now.toISOString() };
  status.lastNack = type.nack;
}

function typeStatus(status: ClientStatus, typeUrl: string): TypeStatus {
  status.types[typeUrl] ??= {};
  return status.types[typeUrl];
}

function latestNack(status: ClientStatus): Nack | undefined {
  const nacks = Object.values(status.types).flatMap((t) => (t.nack ? [t.nack] : []));
  return nacks.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0];
}
