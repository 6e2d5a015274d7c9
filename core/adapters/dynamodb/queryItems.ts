import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The items a query matches, up to `max`. DynamoDB answers a page at a time and
 * stops a page at 1 MB whatever its Limit, so a short page does not mean the
 * end: read on until there are `max` items or no more.
 */
export async function queryItems<T>(client: DynamoDBDocumentClient, input: QueryCommandInput, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  let startKey = input.ExclusiveStartKey;
  do {
    const out = await client.send(new QueryCommand({
      ...input,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      ...(Number.isFinite(max) ? { Limit: max - items.length } : {}),
    }));
    items.push(...((out.Items ?? []) as T[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length < max);
  return items;
}
