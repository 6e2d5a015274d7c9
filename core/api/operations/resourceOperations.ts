import { handleCommand } from '../../application/handleCommand.js';
import type { Command } from '../../domain/commands.js';
import type { KindInfo } from '../../domain/kinds.js';
import { allKinds, kindInfo } from '../../domain/kinds.js';
import type { JsonObject, ResourceId, Tag } from '../../domain/resource.js';
import { describeId, meshIdOf, parentIdOf } from '../../domain/resource.js';
import { notFound } from '../../errors.js';
import { decodeNextToken, defaultPageSize, encodeNextToken } from '../pagination.js';
import { requestHash } from '../requestHash.js';
import { toData, toRef } from '../serialize.js';
import type { OperationContext, OperationHandler } from './context.js';
import { Answer } from './context.js';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function idFrom(info: KindInfo, input: JsonObject): ResourceId {
  const mesh = input['meshName'] as string;
  if (info.kind === 'mesh') return { kind: 'mesh', mesh, name: mesh };
  const parent = info.parent ? (input[info.parent.nameField] as string) : undefined;
  return { kind: info.kind, mesh, ...(parent !== undefined ? { parent } : {}), name: input[info.nameField] as string };
}

/** Weft has one account; a mesh "shared" from another owner does not exist here. */
export function checkMeshOwner(ctx: OperationContext): void {
  const owner = ctx.input['meshOwner'];
  if (owner !== undefined && owner !== ctx.deps.account.accountId) {
    throw notFound(`meshOwner: mesh '${String(ctx.input['meshName'])}' owned by account ${String(owner)} does not exist.`);
  }
}

/** The header that tells a caller which mesh version its change made, for `weft status --wait --version`; SDKs ignore it. */
export const meshVersionHeader = 'x-weft-mesh-version';

async function runCommand(ctx: OperationContext, command: Command): Promise<unknown> {
  checkMeshOwner(ctx);
  const token = ctx.input['clientToken'];
  let version: number | undefined;
  const resource = await handleCommand(
    command,
    {
      requestId: ctx.request.requestId,
      actor: ctx.request.actor,
      ...(typeof token === 'string' ? { clientToken: token } : {}),
      requestHash: requestHash(ctx.operation, ctx.input),
      onAppended: (meshVersion) => (version = meshVersion),
    },
    ctx.deps,
  );
  return withMeshVersion(toData(resource), version);
}

/** A replayed request (its client token seen before) committed nothing now, so it has no version to tell. */
export function withMeshVersion(body: unknown, version: number | undefined): unknown {
  return version === undefined ? body : new Answer(200, body, { [meshVersionHeader]: String(version) });
}

/** Lists and describes of children need the containers to exist, or the answer is 404. */
async function requireContainers(ctx: OperationContext, id: ResourceId): Promise<void> {
  for (const container of [meshIdOf(id), parentIdOf(id)]) {
    if (!container || (container.kind === id.kind && id.kind === 'mesh')) continue;
    if (!(await ctx.deps.store.getResource(container))) throw notFound(`${capitalise(describeId(container))} does not exist.`);
  }
}

function operationsFor(info: KindInfo): Record<string, OperationHandler> {
  const { typeName } = info;
  return {
    [`Create${typeName}`]: (ctx) =>
      runCommand(ctx, { type: 'create', id: idFrom(info, ctx.input), spec: (ctx.input['spec'] as JsonObject | undefined) ?? {}, tags: (ctx.input['tags'] as Tag[] | undefined) ?? [] }),
    [`Update${typeName}`]: (ctx) => runCommand(ctx, { type: 'update', id: idFrom(info, ctx.input), spec: (ctx.input['spec'] as JsonObject | undefined) ?? {} }),
    [`Delete${typeName}`]: (ctx) => runCommand(ctx, { type: 'delete', id: idFrom(info, ctx.input) }),
    [`Describe${typeName}`]: async (ctx) => {
      checkMeshOwner(ctx);
      const id = idFrom(info, ctx.input);
      const resource = await ctx.deps.store.getResource(id);
      if (!resource) {
        await requireContainers(ctx, id);
        throw notFound(`${capitalise(describeId(id))} does not exist.`);
      }
      return toData(resource);
    },
    [`List${capitalise(info.plural)}`]: async (ctx) => {
      checkMeshOwner(ctx);
      const mesh = ctx.input['meshName'] as string | undefined;
      const parent = info.parent ? (ctx.input[info.parent.nameField] as string) : undefined;
      if (mesh !== undefined) await requireContainers(ctx, { kind: info.kind, mesh, ...(parent !== undefined ? { parent } : {}), name: '' });
      const after = decodeNextToken(ctx.input['nextToken'] as string | undefined);
      const page = await ctx.deps.store.listResources(
        { kind: info.kind, ...(mesh !== undefined ? { mesh } : {}), ...(parent !== undefined ? { parent } : {}) },
        { limit: (ctx.input['limit'] as number | undefined) ?? defaultPageSize, ...(after !== undefined ? { after } : {}) },
      );
      const nextToken = encodeNextToken(page.lastName);
      return { [info.plural]: page.items.map(toRef), ...(nextToken ? { nextToken } : {}) };
    },
  };
}

/** Create/Describe/Update/Delete/List for all seven kinds: 35 of App Mesh's 38 operations. */
export const resourceOperations: Record<string, OperationHandler> = Object.assign({}, ...allKinds.map((k) => operationsFor(kindInfo(k))));
