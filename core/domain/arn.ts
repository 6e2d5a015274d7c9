import type { ResourceKind } from './kinds.js';
import { allKinds, kindInfo } from './kinds.js';
import type { ResourceId } from './resource.js';

export interface AccountSettings {
  readonly region: string;
  readonly accountId: string;
}

/** `arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualRouter/<router>/route/<route>` */
export function arnOf(id: ResourceId, settings: AccountSettings): string {
  const prefix = `arn:aws:appmesh:${settings.region}:${settings.accountId}:mesh/${id.mesh}`;
  if (id.kind === 'mesh') return prefix;
  const parent = kindInfo(id.kind).parent;
  const parentPath = parent && id.parent !== undefined ? `/${parent.kind}/${id.parent}` : '';
  return `${prefix}${parentPath}/${id.kind}/${id.name}`;
}

const segmentKinds = new Set<string>(allKinds);

/**
 * Reads an App Mesh ARN back into a resource id. Returns undefined for anything
 * that is not one of this control plane's resources (another region or account,
 * another service, a malformed path).
 */
export function parseArn(arn: string, settings: AccountSettings): ResourceId | undefined {
  const match = /^arn:aws[a-z-]*:appmesh:([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!match || match[1] !== settings.region || match[2] !== settings.accountId) return undefined;
  return parseResourcePath(match[3] ?? '');
}

/** `mesh/<mesh>[/<kind>/<name>[/<kind>/<name>]]`, the path part of an ARN. */
export function parseResourcePath(path: string): ResourceId | undefined {
  const parts = path.split('/');
  if (parts.length % 2 !== 0 || parts[0] !== 'mesh' || !parts[1]) return undefined;
  const mesh = parts[1];
  if (parts.length === 2) return { kind: 'mesh', mesh, name: mesh };
  const kind = parts[parts.length - 2] as ResourceKind;
  const name = parts[parts.length - 1];
  if (!segmentKinds.has(kind) || kind === 'mesh' || !name) return undefined;
  const parent = kindInfo(kind).parent;
  if (parts.length === 4 && !parent) return { kind, mesh, name };
  if (parts.length === 6 && parent && parts[2] === parent.kind && parts[3]) return { kind, mesh, parent: parts[3], name };
  return undefined;
}
