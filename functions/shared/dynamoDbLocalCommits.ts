import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local answers a transaction before it is on disk: its
 * SQLiteDBAccess.commitTransaction queues the SQLite COMMIT on its one
 * database thread and returns without waiting for it (javap shows
 * `SQLiteQueue.execute` with no `get()`, unlike every other write). A kill in
 * between loses a write that was answered 200 (4 of 679 acknowledged
 * transactions over 10 SIGKILLs here, never more than one per kill). That
 * thread runs its jobs in order, so any request sent after the answer that
 * waits for its own job proves the COMMIT has run: a transaction is answered
 * only once a ListTables sent after it has returned (0 lost over 10 kills,
 * bench/crashDynamoDbLocal.ts). Readers never see the uncommitted write in
 * between: they queue behind the same COMMIT.
 */
export function awaitLocalCommits(client: DynamoDBClient): void {
  const barrier = coalesced(async () => void (await client.send(new ListTablesCommand({ Limit: 1 }))));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (transactionCommands.has(context.commandName ?? '')) await barrier();
      return output;
    },
    { step: 'initialize', name: 'weftAwaitLocalCommits' },
  );
}

/** The requests that go through DynamoDB Local's unawaited commitTransaction. */
const transactionCommands = new Set(['TransactWriteItemsCommand', 'ExecuteTransactionCommand']);

/**
 * One barrier in flight at a time. A caller that arrives while one is out
 * cannot use it (it may have been queued before the caller's COMMIT), so it
 * waits for the next one, which serves everyone who arrived meanwhile.
 */
export function coalesced(send: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const barrier = (): Promise<void> => {
    if (!running) {
      running = send().finally(() => (running = undefined));
      return running;
    }
    next ??= running.catch(() => undefined).then(() => {
      next = undefined;
      return barrier();
    });
    return next;
  };
  return barrier;
}
