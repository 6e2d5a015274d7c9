// Checks sst.config.ts without deploying: its handler strings are read from the
// syntax tree, and its run() is executed against a recorder standing in for
// SST's components (SST and Pulumi cannot run here), so the assertions see the
// values the config really passes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../core/adapters/dynamodb/lambdaGrants.js';
import { lambdaGrants } from '../../core/adapters/dynamodb/lambdaGrants.js';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { eventsKey, expiryAttribute, stateKey, tableDefinitions, tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { apiRoutes, routeKeyOf } from '../../core/api/apiRoutes.js';
import { routeTable } from '../../core/api/routeTable.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configFile = `${root}sst.config.ts`;

type Args = Record<string, unknown>;
interface Recorded {
  readonly tables: Map<string, Args>;
  readonly functions: Map<string, Args>;
  readonly routes: { route: string; handler: unknown; args?: Args }[];
  readonly subscriptions: { table: string; name: string; subscriber: Args; args?: Args }[];
  readonly queues: string[];
  readonly crons: { name: string; args: Args }[];
}

/** Every `handler: "path.export"` string literal in the file, wherever it sits. */
function handlersNamedIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'handler' && ts.isStringLiteralLike(node.initializer)) found.push(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Stand-ins for SST's globals: each component records its arguments and exposes placeholder outputs. */
function installSstRecorder(): Recorded {
  const recorded: Recorded = { tables: new Map(), functions: new Map(), routes: [], subscriptions: [], queues: [], crons: [] };
  Object.assign(globalThis, {
    $config: (config: unknown) => config,
    aws: { getCallerIdentity: async () => ({ accountId: '123456789012' }) },
    sst: {
      aws: {
        Dynamo: class {
          readonly name: string;
          readonly arn: string;
          readonly table: string;
          constructor(name: string, args: Args) {
            recorded.tables.set(name, args);
            this.table = name;
            this.name = `${name}.name`;
            this.arn = `${name}.arn`;
          }
          subscribe(name: string, subscriber: Args, args?: Args) {
            recorded.subscriptions.push({ table: this.table, name, subscriber, ...(args ? { args } : {}) });
            recorded.functions.set(name, subscriber);
          }
        },
        Queue: class {
          readonly arn: string;
          constructor(name: string) {
            recorded.queues.push(name);
            this.arn = `${name}.arn`;
          }
        },
        Function: class {
          readonly arn: string;
          constructor(name: string, args: Args) {
            recorded.functions.set(name, args);
            this.arn = `${name}.arn`;
          }
        },
        Cron: class {
          constructor(name: string, args: Args) {
            recorded.crons.push({ name, args });
            recorded.functions.set(name, args['function'] as Args);
          }
        },
        ApiGatewayV2: class {
          readonly url = 'Http.url';
          route(route: string, handler: unknown, args?: Args) {
            recorded.routes.push({ route, handler, ...(args ? { args } : {}) });
          }
        },
      },
    },
  });
  return recorded;
}

type Permission = { actions: string[]; resources: unknown[] };

/** A function's permissions as `resource -> sorted actions`, however the config groups its statements. */
function actionsByResource(permissions: Permission[]): Record<string, string[]> {
  const by: Record<string, Set<string>> = {};
  for (const p of permissions) for (const r of p.resources) for (const a of p.actions) (by[String(r)] ??= new Set()).add(a);
  return Object.fromEntries(Object.entries(by).map(([r, a]) => [r, [...a].sort()]));
}

/** What a Lambda's grant from lambdaGrants.ts says, keyed the same way: the table a WEFT_*_TABLE variable names, its ARN. */
function expectedDynamoPermissions(grant: Grant, environment: Args): Record<string, string[]> {
  const variable = { events: 'WEFT_EVENTS_TABLE', state: 'WEFT_STATE_TABLE', snapshots: 'WEFT_SNAPSHOTS_TABLE' } as const;
  return Object.fromEntries(Object.entries(grant).map(([table, actions]) => {
    const name = environment[variable[table as keyof typeof variable]];
    if (name === undefined) throw new Error(`the grant touches the ${table} table but the function has no ${variable[table as keyof typeof variable]}`);
    return [String(name).replace(/\.name$/, '.arn'), actions.map((a) => `dynamodb:${a}`).sort()];
  }));
}

/** tables.ts's CreateTable input, in the shape of SST's Dynamo arguments. */
function expectedDynamoArgs(definition: ReturnType<typeof tableDefinitions>[number]): Args {
  const fieldType = { S: 'string', N: 'number', B: 'binary' } as const;
  const key = (type: 'HASH' | 'RANGE') => definition.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
  const stream = definition.StreamSpecification?.StreamViewType;
  return {
    fields: Object.fromEntries((definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, fieldType[a.AttributeType ?? 'S']])),
    primaryIndex: { hashKey: key('HASH'), rangeKey: key('RANGE') },
    ...(stream ? { stream: stream.toLowerCase().replaceAll('_', '-') } : {}),
  };
}

describe('sst.config.ts wiring', () => {
  let recorded: Recorded;
  let config: Awaited<typeof import('../../sst.config.js')>['default'];
  let outputs: unknown;
  beforeAll(async () => {
    recorded = installSstRecorder();
    config = (await import('../../sst.config.js')).default;
    outputs = await config.run();
  });

  const apiFunction = () => {
    const fn = recorded.functions.get('Api');
    if (!fn) throw new Error(`sst.config.ts declared no 'Api' function (declared: ${[...recorded.functions.keys()].join(', ') || 'none'})`);
    return fn;
  };
  const tableBehind = (variable: string) => {
    const name = String((apiFunction()['environment'] as Args)[variable]).replace(/\.name$/, '');
    const table = recorded.tables.get(name);
    if (!table) throw new Error(`${variable} names no table declared in sst.config.ts`);
    return table;
  };

  it('names only handlers that exist and export a function', async () => {
    const handlers = handlersNamedIn(configFile);
    if (handlers.length === 0) throw new Error('found no `handler: "path.export"` in sst.config.ts: the parse is broken or the config changed shape');
    expect(new Set(handlers)).toEqual(new Set([...recorded.functions.values()].map((f) => f['handler'])));
    for (const handler of handlers) {
      const dot = handler.lastIndexOf('.');
      const file = `${root}${handler.slice(0, dot)}.ts`;
      expect(existsSync(file), `${file} (from '${handler}')`).toBe(true);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      expect(typeof module[handler.slice(dot + 1)], `export of '${handler}'`).toBe('function');
    }
  });

  it('declares every table with the keys and stream of core/adapters/dynamodb/tables.ts, and TTL on state', () => {
    const definitions = tableDefinitions(tableNamesFor(''));
    const definition = (name: keyof TableNames) => definitions.find((d) => d.TableName === name) ?? expect.fail(`tables.ts defines no '${name}' table`);
    const events = tableBehind('WEFT_EVENTS_TABLE');
    expect(events).toEqual(expectedDynamoArgs(definition('events')));
    expect(events['primaryIndex']).toEqual({ hashKey: eventsKey.partition, rangeKey: eventsKey.sort });
    expect(events['stream']).toBe('new-image');
    const state = tableBehind('WEFT_STATE_TABLE');
    expect(state).toEqual({ ...expectedDynamoArgs(definition('state')), ttl: expiryAttribute });
    expect(state['primaryIndex']).toEqual({ hashKey: stateKey.partition, rangeKey: stateKey.sort });
    expect(tableBehind('WEFT_SNAPSHOTS_TABLE')).toEqual(expectedDynamoArgs(definition('snapshots')));
    expect(recorded.tables.size, 'tables declared in sst.config.ts').toBe(definitions.length);
  });

  it('gives the API function its settings, and exactly the DynamoDB actions its adapters declare, on its own tables only', () => {
    const fn = apiFunction();
    expect(fn).toMatchObject({ runtime: 'nodejs24.x', architecture: 'arm64' });
    expect(fn['environment']).toEqual({ WEFT_EVENTS_TABLE: 'Events.name', WEFT_STATE_TABLE: 'State.name', WEFT_SNAPSHOTS_TABLE: 'Snapshots.name', WEFT_ACCOUNT_ID: '123456789012' });
    expect(fn['link']).toBeUndefined(); // a linked table would grant dynamodb:*
    const granted = actionsByResource(fn['permissions'] as Permission[]);
    expect(granted).toEqual(expectedDynamoPermissions(lambdaGrants.api, fn['environment'] as Args));
    // Agents' reports are put and the mesh status view queries them, beside the snapshots the API serves.
    expect(granted['Snapshots.arn']).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('lets no function rewrite or delete events: the log is append-only', () => {
    for (const [name, fn] of recorded.functions) {
      const onEvents = actionsByResource(fn['permissions'] as Permission[])['Events.arn'] ?? [];
      expect(onEvents, name).not.toContain('dynamodb:UpdateItem');
      expect(onEvents, name).not.toContain('dynamodb:DeleteItem');
      expect(onEvents.every((a) => /^dynamodb:[A-Za-z]+$/.test(a)), name).toBe(true);
    }
  });

  it('wires every route the API handler serves, and nothing else, to the API function behind IAM auth, and exports the url', () => {
    const expected = apiRoutes.map(routeKeyOf);
    expect(recorded.routes.map((r) => r.route).sort()).toEqual([...expected].sort());
    expect(new Set(expected).size, 'route keys are distinct').toBe(expected.length);
    for (const route of recorded.routes) {
      expect(route.handler, route.route).toBe('Api.arn');
      expect(route.args?.['auth'], route.route).toEqual({ iam: true });
    }
    expect(outputs).toEqual({ url: 'Http.url' });
  });

  it('gives API Gateway only route keys it accepts, none of which shadows another', () => {
    const match = routeTable(apiRoutes);
    const shapes = new Set<string>();
    for (const { route } of recorded.routes) {
      // HTTP API route keys: a method and a path of literal or `{name}` segments (no query, no greedy label needed).
      expect(route).toMatch(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/([A-Za-z0-9._~-]+|\{[A-Za-z]\w*\}))+$/);
      // Two keys differing only in a label's name would conflict in API Gateway.
      const shape = route.replace(/\{\w+\}/g, '{}');
      expect(shapes.has(shape), `${route} conflicts with another route`).toBe(false);
      shapes.add(shape);
      // And the handler answers the same method and path API Gateway lets through.
      const [method = '', template = ''] = route.split(' ');
      const found = match(method, template.replace(/\{(\w+)\}/g, 'x-$1'));
      expect(found.kind, route).toBe('matched');
    }
  });

  it('subscribes the projector to the events stream from TRIM_HORIZON, with partial failures, bisection and a failure queue', () => {
    expect(recorded.subscriptions.map((s) => `${s.table} -> ${s.name}`)).toEqual(['Events -> Projector']);
    const [subscription] = recorded.subscriptions;
    expect(subscription?.subscriber['handler']).toBe('functions/projector/handler.handler');
    expect(subscription?.args).toEqual({
      transform: {
        eventSourceMapping: {
          startingPosition: 'TRIM_HORIZON',
          functionResponseTypes: ['ReportBatchItemFailures'],
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: 10,
          destinationConfig: { onFailure: { destinationArn: 'ProjectorFailures.arn' } },
        },
      },
    });
    expect(recorded.queues).toEqual(['ProjectorFailures']);
    const granted = actionsByResource(subscription?.subscriber['permissions'] as Permission[]);
    const { 'ProjectorFailures.arn': onQueue, ...onTables } = granted;
    expect(onTables).toEqual(expectedDynamoPermissions(lambdaGrants.projector, subscription?.subscriber['environment'] as Args));
    expect(granted['Events.arn']).toEqual(['dynamodb:Query']); // it reads the log, never writes it
    expect(granted['State.arn']).toEqual(['dynamodb:GetItem', 'dynamodb:Query']); // a cold start reads meshes' resources and the registry's instances; it never writes state
    expect(onQueue).toEqual(['sqs:SendMessage']);
    expect(subscription?.subscriber['environment']).toEqual({ WEFT_EVENTS_TABLE: 'Events.name', WEFT_STATE_TABLE: 'State.name', WEFT_SNAPSHOTS_TABLE: 'Snapshots.name', WEFT_ACCOUNT_ID: '123456789012' });
  });

  it('runs the registry sweeper every minute, with exactly the DynamoDB actions of the registry store it wires', () => {
    expect(recorded.crons.map((c) => [c.name, c.args['schedule']])).toEqual([['RegistrySweeper', 'rate(1 minute)']]);
    const fn = recorded.functions.get('RegistrySweeper') ?? expect.fail('no RegistrySweeper function');
    expect(fn).toMatchObject({ handler: 'functions/registrySweeper/handler.handler', runtime: 'nodejs24.x', architecture: 'arm64', environment: { WEFT_EVENTS_TABLE: 'Events.name', WEFT_STATE_TABLE: 'State.name', WEFT_ACCOUNT_ID: '123456789012' } });
    const granted = actionsByResource(fn['permissions'] as Permission[]);
    expect(granted).toEqual(expectedDynamoPermissions(lambdaGrants.registrySweeper, fn['environment'] as Args));
    expect(granted['Events.arn']).toEqual(['dynamodb:PutItem']); // appends expiries; never reads or rewrites the log
    expect(Object.keys(granted).sort()).toEqual(['Events.arn', 'State.arn']);
    expect(fn['link']).toBeUndefined();
  });

  it('keeps a production stage and its event log when the stack is removed', () => {
    expect(config.app({ stage: 'prod' })).toEqual({ name: 'weft', home: 'aws', removal: 'retain', protect: true });
    expect(config.app({ stage: 'dev' })).toMatchObject({ removal: 'remove', protect: false });
  });
});
