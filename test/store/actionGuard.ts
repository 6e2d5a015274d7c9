// IAM as far as DynamoDB Local can show it: an SDK middleware on a real client
// that works out which IAM actions each call needs, on which table, and refuses
// (AccessDeniedException) any the adapter method making the call did not
// declare, recording what was used so a test can find declarations nothing uses.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MethodActions, Table, TableActions } from '../../core/adapters/dynamodb/dynamoActions.js';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { documentClient } from '../../functions/shared/dynamoClients.js';

export interface Need {
  readonly action: string;
  /** The table's real name, as the request carries it. */
  readonly table: string;
}

type Input = Record<string, unknown>;
/** lib-dynamodb's command names, where the call arrives under them. */
const documentOperations: Record<string, string> = {
  GetCommand: 'GetItem', PutCommand: 'PutItem', UpdateCommand: 'UpdateItem', DeleteCommand: 'DeleteItem', BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem', TransactGetCommand: 'TransactGetItems', TransactWriteCommand: 'TransactWriteItems', QueryCommand: 'Query', ScanCommand: 'Scan',
};
const transactActions: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

/** The IAM actions one DynamoDB call needs: a transaction needs its items' own actions, a batch its batch action on each table it names. */
export function needsOf(commandName: string, input: Input): Need[] {
  const operation = documentOperations[commandName] ?? commandName.replace(/Command$/, '');
  switch (operation) {
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (input['TransactItems'] as Record<string, { TableName: string }>[]).flatMap((item) =>
        Object.entries(item).map(([kind, body]) => ({ action: transactActions[kind] ?? `unknown transaction item ${kind}`, table: body.TableName })));
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(input['RequestItems'] as Input).map((table) => ({ action: operation, table }));
    default:
      return [{ action: operation, table: String(input['TableName']) }];
  }
}

export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
}

/** Per adapter method, per table: the actions its calls needed. */
export type Used = Record<string, Partial<Record<Table, string[]>>>;

/**
 * A client of its own on DynamoDB Local, for the adapters under test only:
 * every call it carries must come from a guarded adapter method. Built as a
 * Lambda's client is on AWS, without the local runtime's commit barrier
 * (functions/shared/dynamoDbLocalCommits.ts), whose ListTables never runs there.
 */
export function actionGuard(dynamodbEndpoint: string, tables: TableNames) {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamodbEndpoint, credentials: { accessKeyId: 'weft', secretAccessKey: 'weft' } });
  const scope = new AsyncLocalStorage<{ readonly method: string; readonly allowed: TableActions }>();
  const logical = new Map(Object.entries(tables).map(([role, name]) => [name, role as Table]));
  const used = new Map<string, Map<Table, Set<string>>>();

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const current = scope.getStore();
      for (const need of needsOf(context.commandName ?? '', args.input as Input)) {
        const table = logical.get(need.table);
        if (!current) throw new AccessDeniedException(`dynamodb:${need.action} on ${need.table} outside any declared adapter method`);
        if (!table || !current.allowed[table]?.some((a) => a === need.action)) {
          throw new AccessDeniedException(`${current.method} is not declared to call dynamodb:${need.action} on ${table ?? need.table}`);
        }
        const byTable = used.get(current.method) ?? new Map<Table, Set<string>>();
        used.set(current.method, byTable);
        byTable.set(table, (byTable.get(table) ?? new Set()).add(need.action));
      }
      return next(args);
    },
    { step: 'initialize', name: 'weftActionGuard' },
  );

  return {
    client: documentClient(client) as DynamoDBDocumentClient,
    destroy: () => client.destroy(),
    /** The adapter with each method run under its declaration; `name` prefixes the method in what is recorded. */
    guard<Port extends object>(name: string, adapter: Port, declared: MethodActions<Port>): Port {
      const methods = Object.entries(declared as Record<string, TableActions>).map(([method, allowed]) => {
        const call = (adapter as Record<string, (...args: unknown[]) => unknown>)[method];
        if (typeof call !== 'function') throw new Error(`${name} has no method ${method}`);
        return [method, (...args: unknown[]) => scope.run({ method: `${name}.${method}`, allowed }, () => call.apply(adapter, args))];
      });
      return Object.fromEntries(methods) as Port;
    },
    /** What the methods of adapter `name` used, in the declarations' shape (actions sorted). */
    used(name: string): Used {
      return Object.fromEntries([...used].filter(([method]) => method.startsWith(`${name}.`)).map(([method, byTable]) => [
        method.slice(name.length + 1),
        Object.fromEntries([...byTable].map(([table, actions]) => [table, [...actions].sort()])),
      ]));
    },
  };
}

/** A declaration in the shape `used` returns, for comparing the two. */
export function sortedDeclaration<Port>(declared: MethodActions<Port>): Used {
  return Object.fromEntries(Object.entries(declared as Record<string, TableActions>).map(([method, byTable]) => [
    method,
    Object.fromEntries(Object.entries(byTable).map(([table, actions]) => [table, [...(actions ?? [])].sort()])),
  ]));
}
