import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isSkipped } from '../../core/application/projector.js';
import type { StoredEvent } from '../../core/domain/events.js';

interface StreamRecords {
  readonly first: DynamoDBRecord;
  /** The events the records carry, in order; undefined once one could not be read, so the projector reads the log. */
  events: StoredEvent[] | undefined;
}

/**
 * Groups a stream batch by mesh stream (the events table's partition key) and
 * runs `nudge` once per stream, in batch order, with the events the records
 * carry (their NEW_IMAGEs). A failed stream reports its first record as the
 * batch item failure, so Lambda (or the local poller) retries from there;
 * streams after it in the batch still run. A stream `nudge` skips (of no
 * declared kind) is logged, and its records count as done.
 */
export async function processStreamBatch(event: DynamoDBStreamEvent, nudge: (stream: string, events?: readonly StoredEvent[]) => Promise<unknown>): Promise<DynamoDBBatchResponse> {
  const streams = new Map<string, StreamRecords>();
  for (const record of event.Records) {
    const stream = record.dynamodb?.Keys?.['stream']?.S;
    if (stream === undefined) continue;
    const entry = streams.get(stream) ?? { first: record, events: [] };
    streams.set(stream, entry);
    const stored = storedEvent(record);
    if (!stored) entry.events = undefined;
    else entry.events?.push(stored);
  }
  const failures: { itemIdentifier: string }[] = [];
  for (const [stream, { first, events }] of streams) {
    try {
      const outcome = await nudge(stream, events);
      if (isSkipped(outcome)) console.warn(JSON.stringify({ level: 'warn', message: 'stream skipped', stream, reason: outcome.skipped }));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'projection failed', stream, error: error instanceof Error ? error.stack : String(error) }));
      failures.push({ itemIdentifier: first.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures: failures };
}

/** The event an INSERT record's image holds; undefined for anything else or an image that does not read. */
function storedEvent(record: DynamoDBRecord): StoredEvent | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  try {
    const event = unmarshall(image as Record<string, AttributeValue>) as StoredEvent;
    return typeof event.version === 'number' ? event : undefined;
  } catch {
    return undefined;
  }
}
