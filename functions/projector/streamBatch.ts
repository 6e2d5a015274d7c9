import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * Groups a stream batch by mesh stream (the events table's partition key) and
 * runs `nudge` once per stream, in batch order. A failed stream reports its
 * first record as the batch item failure, so Lambda (or the local poller)
 * retries from there; streams after it in the batch still run.
 */
export async function processStreamBatch(event: DynamoDBStreamEvent, nudge: (stream: string) => Promise<unknown>): Promise<DynamoDBBatchResponse> {
  const firstRecord = new Map<string, DynamoDBRecord>();
  for (const record of event.Records) {
    const stream = record.dynamodb?.Keys?.['stream']?.S;
    if (stream !== undefined && !firstRecord.has(stream)) firstRecord.set(stream, record);
  }
  const failures: { itemIdentifier: string }[] = [];
  for (const [stream, record] of firstRecord) {
    try {
      await nudge(stream);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'projection failed', stream, error: error instanceof Error ? error.stack : String(error) }));
      failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures: failures };
}
