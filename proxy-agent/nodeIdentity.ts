/** Which proxy this agent serves, as App Mesh's Envoy image took it from APPMESH_RESOURCE_ARN. */
export interface NodeIdentity {
  readonly mesh: string;
  readonly kind: 'virtualNode' | 'virtualGateway';
  readonly name: string;
}

/**
 * Accepts `arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<name>`
 * (or virtualGateway), or the bare `mesh/<mesh>/virtualNode/<name>` path.
 */
export function parseNodeIdentity(value: string): NodeIdentity {
  const path = value.startsWith('arn:') ? value.split(':').slice(5).join(':') : value;
  const match = /^mesh\/([^/]+)\/(virtualNode|virtualGateway)\/([^/]+)$/.exec(path);
  if (!match) throw new Error(`'${value}' is not a virtual node or gateway: expected mesh/<mesh>/virtualNode/<name> or its App Mesh ARN`);
  return { mesh: match[1] ?? '', kind: match[2] as NodeIdentity['kind'], name: match[3] ?? '' };
}

/** Envoy's node id for this identity (also the snapshot's `node`). */
export const envoyNodeIdOf = (id: NodeIdentity) => `mesh/${id.mesh}/${id.kind}/${id.name}`;

export const snapshotPathOf = (id: NodeIdentity) => `/v1/meshes/${encodeURIComponent(id.mesh)}/${id.kind}s/${encodeURIComponent(id.name)}/snapshot`;
