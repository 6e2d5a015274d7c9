import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eventsKey } from './tables.js';

/** One page of a stream's events after a version, in order: meshes and registry services alike. */
export async function streamEventsAfter<T>(client: DynamoDBDocumentClient, eventsTable: string, stream: string, afterVersion: number, limit: number): Promise<T[]> {
  const out = await client.send(new QueryCommand({
    TableName: eventsTable,
    KeyConditionExpression: '#s = :s AND #v > :after',
    ExpressionAttributeNames: { '#s': eventsKey.partition, '#v': eventsKey.sort },
    ExpressionAttributeValues: { ':s': stream, ':after': afterVersion },
    ConsistentRead: true,
    Limit: limit,
  }));
  return (out.Items ?? []) as T[];
}
