// A MeshStore in memory, for fast unit tests of the command path. It keeps the
// same promises as the DynamoDB adapter (the store contract runs against both):
// one conditional append per command, a mesh name taken once, a client token
// used once, and dependents found by its own children and reverse-reference
// bookkeeping, kept from each commit's references as DynamoDB's index is.
import type { AppendOutcome, Commit, IdempotencyRecord, ListScope, LoadedView, MeshStore, Page, PageRequest, ViewRequest } from '../../application/meshStore.js';
import { evolve } from '../../domain/deciders/decide.js';
import type { StoredEvent } from '../../domain/events.js';
import type { Resource, ResourceId } from '../../domain/resource.js';
import { parentIdOf } from '../../domain/resource.js';

interface Head {
  readonly resource: Resource;
  readonly stream: string;
  readonly version: number;
}

interface MeshContents {
  /** By `pathOf`; a Map kept unsorted, sorted when read. */
  readonly resources: Map<string, Resource>;
  /** Referenced path -> the paths of the resources that reference it. */
  readonly referrers: Map<string, Set<string>>;
}

/** `kind#parent#name`: sorts as DynamoDB's sort keys do, so "first dependent" means the same. */
const pathOf = (id: ResourceId) => (id.parent !== undefined ? `${id.kind}#${id.parent}#${id.name}` : `${id.kind}#${id.name}`);
const childKind = { virtualRouter: 'route', virtualGateway: 'gatewayRoute' } as const;

export function memoryMeshStore(): MeshStore {
  const heads = new Map<string, Head>();
  const meshes = new Map<string, MeshContents>();
  const streams = new Map<string, StoredEvent[]>();
  const tokens = new Map<string, { readonly requestHash: string; readonly stream: string; readonly version: number }>();

  const contentsOf = (mesh: string): MeshContents => {
    let contents = meshes.get(mesh);
    if (!contents) meshes.set(mesh, (contents = { resources: new Map(), referrers: new Map() }));
    return contents;
  };
  const resourceOf = (id: ResourceId): Resource | undefined => (id.kind === 'mesh' ? heads.get(id.name)?.resource : meshes.get(id.mesh)?.resources.get(pathOf(id)));

  /** Children first (anything in a mesh, a router's routes, a gateway's gateway routes), then referrers; each in key order. */
  function dependentOf(target: ResourceId): ResourceId | undefined {
    const contents = meshes.get(target.mesh);
    if (!contents) return undefined;
    const sorted = [...contents.resources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r.id);
    const child = target.kind === 'mesh'
      ? sorted[0]
      : sorted.find((id) => (target.kind === 'virtualRouter' || target.kind === 'virtualGateway') && id.kind === childKind[target.kind] && id.parent === target.name);
    if (child) return child;
    const referrer = [...(contents.referrers.get(pathOf(target)) ?? [])].sort()[0];
    return referrer === undefined ? undefined : contents.resources.get(referrer)?.id;
  }

  /** Why the commit cannot go in, checked as DynamoDB checks the transaction's conditions: all of them, token first. */
  function refusalOf(commit: Commit): AppendOutcome | undefined {
    if (commit.idempotency && tokens.has(commit.idempotency.clientToken)) return 'tokenUsed';
    const { resource, action } = commit.event;
    const head = heads.get(resource.id.mesh);
    const slotTaken = (streams.get(commit.stream)?.length ?? 0) > commit.expectedVersion;
    const headMoved = resource.id.kind === 'mesh' && action === 'Created'
      ? head !== undefined
      : head?.stream !== commit.stream || head.version !== commit.expectedVersion;
    return slotTaken || headMoved ? 'conflict' : undefined;
  }

  function write(commit: Commit): void {
    const { event } = commit;
    const id = event.resource.id;
    const version = commit.expectedVersion + 1;
    const stored: StoredEvent = { stream: commit.stream, version, ...event };
    const events = streams.get(commit.stream) ?? [];
    events.push(stored);
    streams.set(commit.stream, events);
    const contents = contentsOf(id.mesh);
    const next = evolve(resourceOf(id), event);
    if (id.kind === 'mesh') {
      if (next) heads.set(id.name, { resource: next, stream: commit.stream, version });
      else heads.delete(id.name);
    } else {
      heads.set(id.mesh, { ...(heads.get(id.mesh) as Head), version });
      if (next) contents.resources.set(pathOf(id), next);
      else contents.resources.delete(pathOf(id));
    }
    const source = pathOf(id);
    for (const target of commit.referencesBefore) contents.referrers.get(pathOf(target))?.delete(source);
    for (const target of commit.referencesAfter) {
      const path = pathOf(target);
      contents.referrers.set(path, (contents.referrers.get(path) ?? new Set()).add(source));
    }
    if (commit.idempotency) tokens.set(commit.idempotency.clientToken, { requestHash: commit.idempotency.requestHash, stream: commit.stream, version });
  }

  return {
    async loadView(request: ViewRequest): Promise<LoadedView> {
      const head = heads.get(request.target.mesh);
      const parentId = parentIdOf(request.target);
      const parent = parentId ? resourceOf(parentId) : undefined;
      const target = resourceOf(request.target);
      const dependent = request.findDependent && target ? dependentOf(request.target) : undefined;
      return {
        ...(head ? { mesh: head.resource, position: { stream: head.stream, version: head.version } } : {}),
        ...(parent ? { parent } : {}),
        ...(target ? { target } : {}),
        existingReferences: request.references.filter((id) => resourceOf(id)),
        ...(dependent ? { dependent } : {}),
        fromCache: false,
      };
    },

    async append(commit: Commit): Promise<AppendOutcome> {
      const refusal = refusalOf(commit);
      if (refusal) return refusal;
      write(commit);
      return 'appended';
    },

    async priorRequest(clientToken: string): Promise<IdempotencyRecord | undefined> {
      const record = tokens.get(clientToken);
      const resource = record ? streams.get(record.stream)?.[record.version - 1]?.resource : undefined;
      return record && resource ? { requestHash: record.requestHash, resource } : undefined;
    },

    async getResource(id: ResourceId) {
      return resourceOf(id);
    },

    async listResources(scope: ListScope, page: PageRequest): Promise<Page<Resource>> {
      const inScope = scope.kind === 'mesh'
        ? [...heads.values()].map((h) => h.resource)
        : [...(meshes.get(scope.mesh ?? '')?.resources.values() ?? [])].filter((r) => r.id.kind === scope.kind && (scope.parent === undefined || r.id.parent === scope.parent));
      // The key within the scope, as DynamoDB's sort key after the scope's prefix.
      const keyOf = (r: Resource) => (scope.parent === undefined && r.id.parent !== undefined ? `${r.id.parent}#${r.id.name}` : r.id.name);
      const items = inScope.map((r) => [keyOf(r), r] as const).filter(([key]) => page.after === undefined || key > page.after).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
      const pageItems = items.slice(0, page.limit);
      const last = pageItems[pageItems.length - 1];
      return { items: pageItems, ...(items.length > page.limit && last ? { lastName: last.id.name } : {}) };
    },

    async readEvents(mesh: string, afterVersion: number, limit: number) {
      const head = heads.get(mesh);
      if (!head) return undefined;
      return (streams.get(head.stream) ?? []).filter((e) => e.version > afterVersion).slice(0, limit);
    },
  };
}
