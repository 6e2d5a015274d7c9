import { handleCommand } from '../../application/handleCommand.js';
import type { Command } from '../../domain/commands.js';
import { parseArn } from '../../domain/arn.js';
import type { ResourceId, Tag } from '../../domain/resource.js';
import { notFound } from '../../errors.js';
import { decodeNextToken, encodeNextToken } from '../pagination.js';
import { requestHash } from '../requestHash.js';
import type { OperationContext, OperationHandler } from './context.js';
import { withMeshVersion } from './resourceOperations.js';

function idFromArn(ctx: OperationContext): ResourceId {
  const arn = ctx.input['resourceArn'] as string;
  const id = parseArn(arn, ctx.deps.account);
  if (!id) throw notFound(`resourceArn: '${arn}' is not a resource of this mesh control plane.`);
  return id;
}

async function tagCommand(ctx: OperationContext, command: Command): Promise<unknown> {
  let version: number | undefined;
  const onAppended = (meshVersion: number) => (version = meshVersion);
  await handleCommand(command, { requestId: ctx.request.requestId, actor: ctx.request.actor, requestHash: requestHash(ctx.operation, ctx.input), onAppended }, ctx.deps);
  return withMeshVersion({}, version);
}

const tagsPageSize = 50;

export const tagOperations: Record<string, OperationHandler> = {
  TagResource: (ctx) => tagCommand(ctx, { type: 'tag', id: idFromArn(ctx), tags: ctx.input['tags'] as Tag[] }),
  UntagResource: (ctx) => tagCommand(ctx, { type: 'untag', id: idFromArn(ctx), tagKeys: ctx.input['tagKeys'] as string[] }),
  ListTagsForResource: async (ctx) => {
    const id = idFromArn(ctx);
    const resource = await ctx.deps.store.getResource(id);
    if (!resource) throw notFound(`resourceArn: '${String(ctx.input['resourceArn'])}' does not exist.`);
    const after = decodeNextToken(ctx.input['nextToken'] as string | undefined);
    const limit = (ctx.input['limit'] as number | undefined) ?? tagsPageSize;
    const sorted = [...resource.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rest = after === undefined ? sorted : sorted.filter((t) => t.key > after);
    const page = rest.slice(0, limit);
    const nextToken = rest.length > limit ? encodeNextToken(page[page.length - 1]?.key) : undefined;
    return { tags: page, ...(nextToken ? { nextToken } : {}) };
  },
};
