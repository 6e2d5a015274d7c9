import type { _Record as StreamRecord, Shard } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamCommand, DynamoDBStreamsClient, ExpiredIteratorException, GetRecordsCommand, GetShardIteratorCommand, TrimmedDataAccessException } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamPollerOptions {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly region: string;
  /** The Lambda's handler (or any consumer of the same event shape). */
  readonly onBatch: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  readonly idleMs?: number;
  readonly batchSize?: number;
  /**
   * When a shard is read again at once: only after a full batch (the default,
   * for throughput), or after any records (for latency, where each record
   * wakes someone waiting).
   */
  readonly repoll?: 'afterFullBatch' | 'afterAnyRecords';
}

interface ShardCursor {
  iterator?: string;
  /** The last sequence number handed over successfully. */
  last?: string;
  closed: boolean;
}

/**
 * What Lambda's event source mapping does for a DynamoDB stream, on one
 * machine: follows every shard from TRIM_HORIZON (parents before children),
 * hands records over in order as DynamoDBStreamEvent batches, retries from a
 * reported batch item failure, and renews expired iterators.
 */
export function startStreamPoller(options: StreamPollerOptions): { stop(): Promise<void> } {
  const { client, streamArn } = options;
  const idleMs = options.idleMs ?? 50;
  const cursors = new Map<string, ShardCursor>();
  let shards: Shard[] = [];
  let stopped = false;
  let lastDescribe = 0;

  const iteratorFor = async (shardId: string, cursor: ShardCursor) => {
    const out = await client.send(new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ...(cursor.last ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: cursor.last } : { ShardIteratorType: 'TRIM_HORIZON' }),
    }));
    return out.ShardIterator;
  };

  const batchSize = options.batchSize ?? 100;
  /** Polls one shard; true when it should be polled again at once. */
  const pollShard = async (shardId: string, cursor: ShardCursor): Promise<boolean> => {
    cursor.iterator ??= await iteratorFor(shardId, cursor);
    if (!cursor.iterator) return false;
    let out;
    try {
      out = await client.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: batchSize }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        delete cursor.iterator;
        return false;
      }
      throw error;
    }
    const records = out.Records ?? [];
    if (records.length > 0) {
      const response = await options.onBatch({ Records: records.map((r) => toLambdaRecord(r, streamArn, options.region)) });
      const failed = response?.batchItemFailures?.[0]?.itemIdentifier;
      if (failed) {
        // Retry from the failed record: everything before it was handled.
        const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
        const before = index > 0 ? records[index - 1]?.dynamodb?.SequenceNumber : undefined;
        if (before) cursor.last = before;
        delete cursor.iterator;
        return false;
      }
      cursor.last = records[records.length - 1]?.dynamodb?.SequenceNumber ?? cursor.last;
    }
    if (out.NextShardIterator) cursor.iterator = out.NextShardIterator;
    else {
      delete cursor.iterator;
      cursor.closed = true;
    }
    // A backlog is polled again at once. After a partial batch a shard polled for throughput
    // waits like an idle one: records gather into the next batch instead of costing one
    // GetRecords each, which DynamoDB Local (one JVM with the API's writes) pays for dearly.
    return records.length >= batchSize || (records.length > 0 && options.repoll === 'afterAnyRecords');
  };

  const loop = async () => {
    while (!stopped) {
      let busy = false;
      try {
        if (Date.now() - lastDescribe > 1000) {
          shards = (await client.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
          lastDescribe = Date.now();
        }
        for (const shard of shards) {
          const id = shard.ShardId;
          if (!id) continue;
          const parent = shard.ParentShardId ? cursors.get(shard.ParentShardId) : undefined;
          if (parent && !parent.closed) continue; // order: a parent's records before its children's
          const cursor = cursors.get(id) ?? { closed: false };
          cursors.set(id, cursor);
          if (!cursor.closed) busy = (await pollShard(id, cursor)) || busy;
        }
      } catch (error) {
        if (!stopped) console.error(JSON.stringify({ level: 'error', message: 'stream poller', streamArn, error: String(error) }));
      }
      if (!busy && !stopped) await new Promise((r) => setTimeout(r, idleMs));
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

function toLambdaRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName ?? 'INSERT',
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: d.ApproximateCreationDateTime.getTime() / 1000 } : {}),
      Keys: d.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      ...(d.NewImage ? { NewImage: d.NewImage as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] } : {}),
      SequenceNumber: d.SequenceNumber ?? '',
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: d.StreamViewType ?? 'NEW_IMAGE',
    },
  };
}

export function streamsClient(region: string, endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ region, endpoint, credentials: { accessKeyId: 'weft', secretAccessKey: 'weft' } });
}
