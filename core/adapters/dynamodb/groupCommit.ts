import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface GroupCommitOptions {
  /** Sends one TransactWriteItems; rejects as the client does. */
  readonly send: (items: TransactItem[]) => Promise<void>;
  /** Key attribute names per table name, to keep two writes of one item out of a group. */
  readonly keyAttributes: Readonly<Record<string, readonly string[]>>;
  /** Transactions in flight at once; what arrives meanwhile waits and goes in one group. */
  readonly maxInFlight: number;
}

/** DynamoDB's limits on one transaction are 100 items and 4 MB; the size here is an estimate, so keep well under. */
const maxItems = 100;
const maxBytes = 2 * 1024 * 1024;

interface Pending {
  readonly items: TransactItem[];
  readonly keys: readonly string[];
  /** Estimated size, measured only if the write is considered for a group with others. */
  size?: number;
  readonly isStale: (() => boolean) | undefined;
  readonly resolve: (outcome: WriteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** `stale`: not sent, because by the time its turn came the writer knew its conditions would fail. */
export type WriteOutcome = 'committed' | 'stale';

/**
 * Queues a transaction. `isStale` is asked when the transaction's turn
 * comes, after every earlier write to its items has been answered: a writer
 * that has since learnt its conditions must fail (it committed past the
 * version they expect) says so, and the transaction is not sent at all.
 */
export type WriteTransaction = (items: TransactItem[], isStale?: () => boolean) => Promise<WriteOutcome>;

/**
 * Group commit for a long-running process. While `maxInFlight` transactions
 * are out, the writes that arrive queue up, and the next free slot sends as
 * many of them as fit as one transaction. A process that handles one request
 * at a time (a Lambda instance) never queues, so it sends each write alone,
 * exactly as before; a local server under load pays one round trip, and one
 * transaction of DynamoDB's fixed cost, for many commands.
 *
 * A transaction is all or nothing, so one member's failed condition cancels
 * the whole group. DynamoDB says which items failed: their members are
 * refused with their own items' reasons, as they would have been alone, and
 * the rest go again at the head of the queue. Any other failure sends each
 * member on its own, so each gets its own commit or its own error.
 *
 * Writes to the same item never share a group (DynamoDB refuses that), never
 * fly at once, and keep their arrival order. So when commands race on one
 * mesh, the second commit's turn comes after the first is answered, and its
 * writer can tell it is stale without a round trip (`isStale`).
 */
export function groupCommit({ send, keyAttributes, maxInFlight }: GroupCommitOptions): WriteTransaction {
  const queue: Pending[] = [];
  let inFlight = 0;
  /** Items written by the transactions in flight, counted: a later write to one waits for their answer. */
  const busy = new Map<string, number>();
  const occupy = (keys: readonly string[], by: 1 | -1) => {
    for (const key of keys) {
      const n = (busy.get(key) ?? 0) + by;
      if (n > 0) busy.set(key, n);
      else busy.delete(key);
    }
  };

  const sizeOf = (p: Pending) => (p.size ??= JSON.stringify(p.items).length);

  function keyOf(item: TransactItem): string {
    const [table, key] = item.Put
      ? [item.Put.TableName, item.Put.Item]
      : item.Update
        ? [item.Update.TableName, item.Update.Key]
        : item.Delete
          ? [item.Delete.TableName, item.Delete.Key]
          : [item.ConditionCheck?.TableName, item.ConditionCheck?.Key];
    const names = keyAttributes[table ?? ''];
    if (!names || !key) throw new Error(`group commit: no key attributes known for table ${String(table)}`);
    return JSON.stringify([table, ...names.map((name) => key[name])]);
  }

  /**
   * The queued writes, oldest first, that fit in one transaction and touch no
   * item that a transaction in flight, a write already taken or a write passed
   * over touches. Stale writes met on the way are answered and dropped.
   */
  function takeGroup(): Pending[] {
    const group: Pending[] = [];
    let items = 0;
    let bytes: number | undefined; // measured once a second write is considered: a write alone is never measured
    const claimed = new Set<string>();
    for (let i = 0; i < queue.length && items < maxItems; ) {
      const next = queue[i]!;
      const free = !next.keys.some((key) => claimed.has(key) || busy.has(key));
      if (free && next.isStale?.()) {
        queue.splice(i, 1);
        next.resolve('stale');
        continue;
      }
      const fits = free && (group.length === 0 || (items + next.items.length <= maxItems && (bytes ??= sizeOf(group[0]!)) + sizeOf(next) <= maxBytes));
      if (!fits) {
        // Passed over: its items stay claimed so a later write to them cannot overtake it.
        for (const key of next.keys) claimed.add(key);
        i++;
        continue;
      }
      queue.splice(i, 1);
      group.push(next);
      items += next.items.length;
      if (bytes !== undefined) bytes += sizeOf(next);
      for (const key of next.keys) claimed.add(key);
    }
    return group;
  }

  async function commitGroup(group: Pending[]): Promise<void> {
    try {
      await send(group.flatMap((p) => p.items));
      for (const p of group) p.resolve('committed');
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      const refusals = refusalsByMember(group, error);
      if (!refusals) {
        // Not a plain refusal (too large, throttled, a conflict with another transaction...): each member on its own.
        await Promise.all(group.map((p) => send(p.items).then(() => p.resolve('committed'), p.reject)));
        return;
      }
      // A failed condition is the answer its member would have had alone; the others go again first.
      const innocent = group.filter((p, i) => {
        const refusal = refusals[i];
        if (refusal) p.reject(refusal);
        return !refusal;
      });
      queue.unshift(...innocent);
    }
  }

  /**
   * The members whose own items failed a condition, each with the refusal it
   * would have had alone: the cancellation reasons of its own items, in its
   * own order. Undefined when the error is anything else.
   */
  function refusalsByMember(group: Pending[], error: unknown): (TransactionCanceledException | undefined)[] | undefined {
    if (!(error instanceof TransactionCanceledException)) return undefined;
    const reasons = error.CancellationReasons ?? [];
    if (reasons.length !== group.reduce((n, p) => n + p.items.length, 0)) return undefined;
    if (!reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return undefined;
    if (reasons.some((r) => r.Code !== 'None' && r.Code !== 'ConditionalCheckFailed')) return undefined;
    let at = 0;
    return group.map((p) => {
      const own = reasons.slice(at, (at += p.items.length));
      if (!own.some((r) => r.Code === 'ConditionalCheckFailed')) return undefined;
      return new TransactionCanceledException({ message: error.message, $metadata: error.$metadata, CancellationReasons: own });
    });
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const group = takeGroup();
      if (group.length === 0) return; // all that is queued waits on writes in flight
      const keys = group.flatMap((p) => p.keys);
      occupy(keys, 1);
      inFlight++;
      void commitGroup(group).finally(() => {
        occupy(keys, -1);
        inFlight--;
        pump();
      });
    }
  }

  return (items, isStale) =>
    new Promise<WriteOutcome>((resolve, reject) => {
      let keys: string[];
      try {
        keys = items.map(keyOf);
      } catch (error) {
        reject(error);
        return;
      }
      queue.push({ items, keys, isStale, resolve, reject });
      pump();
    });
}
