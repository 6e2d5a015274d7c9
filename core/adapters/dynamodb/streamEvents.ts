import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryItems } from './queryItems.js';
import { eventsKey } from './tables.js';

/** Up to `limit` of a stream's events after a version, in order: meshes and registry services alike. Fewer only at the end of the stream. */
export function streamEventsAfter<T>(client: DynamoDBDocumentClient, eventsTable: string, stream: string, afterVersion: number, limit: number): Promise<T[]> {
  return queryItems<T>(client, {
    TableName: eventsTable,
    KeyConditionExpression: '#s = :s AND #v > :after',
    ExpressionAttributeNames: { '#s': eventsKey.partition, '#v': eventsKey.sort },
    ExpressionAttributeValues: { ':s': stream, ':after': afterVersion },
    ConsistentRead: true,
  }, limit);
}
