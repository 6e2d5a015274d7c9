// What each DynamoDB adapter may call, declared beside it (*Actions.ts) and
// turned into the Lambdas' IAM policies by sst.config.ts (lambdaGrants.ts).
// test/store/iamActions.int.test.ts runs the adapters against DynamoDB Local
// with only these actions allowed, and checks each declared action is used.
import type { TableNames } from './tables.js';

/** The DynamoDB API actions the adapters call, as IAM names them after `dynamodb:`. */
export type DynamoAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

export type Table = keyof TableNames;

/**
 * The actions one method needs, per table. IAM authorises a transaction by
 * the actions it carries: TransactWriteItems needs PutItem / UpdateItem /
 * DeleteItem / ConditionCheckItem per item, TransactGetItems needs GetItem.
 */
export type TableActions = Partial<Record<Table, readonly DynamoAction[]>>;

/** One entry per method of the adapter's port, so a new method cannot go undeclared. */
export type MethodActions<Port> = { readonly [Method in keyof Port]: TableActions };

/** The union of what the given methods need, per table: each table's actions sorted, tables nobody touches left out. */
export function grantOf(...methods: readonly TableActions[]): Partial<Record<Table, DynamoAction[]>> {
  const grant: Partial<Record<Table, Set<DynamoAction>>> = {};
  for (const needs of methods) {
    for (const [table, actions] of Object.entries(needs) as [Table, readonly DynamoAction[]][]) {
      for (const action of actions) (grant[table] ??= new Set()).add(action);
    }
  }
  return Object.fromEntries(Object.entries(grant).map(([table, actions]) => [table, [...actions].sort()]));
}
