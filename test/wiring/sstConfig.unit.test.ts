// Checks sst.config.ts without deploying: its handler strings are read from the
// syntax tree, and its run() is executed against a recorder standing in for
// SST's components (SST and Pulumi cannot run here), so the assertions see the
// values the config really passes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableNames } from '../../core/adapters/dynamodb/tables.js';
import { eventsKey, expiryAttribute, stateKey, tableDefinitions, tableNamesFor } from '../../core/adapters/dynamodb/tables.js';

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

  it('gives the API function its settings, and DynamoDB actions on its own tables only', () => {
    const fn = apiFunction();
    expect(fn).toMatchObject({ runtime: 'nodejs24.x', architecture: 'arm64' });
    expect(fn['environment']).toEqual({ WEFT_EVENTS_TABLE: 'Events.name', WEFT_STATE_TABLE: 'State.name', WEFT_SNAPSHOTS_TABLE: 'Snapshots.name', WEFT_ACCOUNT_ID: '123456789012' });
    expect(fn['link']).toBeUndefined(); // a linked table would grant dynamodb:*
    const permissions = fn['permissions'] as { actions: string[]; resources: unknown[] }[];
    expect(permissions.flatMap((p) => p.resources).sort()).toEqual(['Events.arn', 'State.arn', 'Snapshots.arn'].sort());
    for (const action of permissions.flatMap((p) => p.actions)) expect(action).toMatch(/^dynamodb:[A-Za-z]+$/);
    // The projector writes snapshots; the API only serves them.
    const onSnapshots = permissions.filter((p) => p.resources.includes('Snapshots.arn')).flatMap((p) => p.actions);
    expect(onSnapshots).toEqual(['dynamodb:GetItem']);
  });

  it('routes the App Mesh and history paths to the API function, each behind IAM auth, and exports the url', () => {
    const routes = recorded.routes;
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['ANY /v20190125/{proxy+}', 'GET /v1/{proxy+}', 'ANY /v1/registry/{proxy+}']));
    for (const route of routes) {
      expect(route.handler, route.route).toBe('Api.arn');
      expect(route.args?.['auth'], route.route).toEqual({ iam: true });
    }
    expect(outputs).toEqual({ url: 'Http.url' });
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
    const permissions = subscription?.subscriber['permissions'] as { actions: string[]; resources: unknown[] }[];
    const on = (resource: string) => permissions.filter((p) => p.resources.includes(resource)).flatMap((p) => p.actions).sort();
    expect(on('Events.arn')).toEqual(['dynamodb:Query']); // it reads the log, never writes it
    expect(on('Snapshots.arn')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect(on('State.arn')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']); // a cold start reads meshes' resources and the registry's instances; it never writes state
    expect(on('ProjectorFailures.arn')).toEqual(['sqs:SendMessage']);
    expect(subscription?.subscriber['environment']).toEqual({ WEFT_EVENTS_TABLE: 'Events.name', WEFT_STATE_TABLE: 'State.name', WEFT_SNAPSHOTS_TABLE: 'Snapshots.name', WEFT_ACCOUNT_ID: '123456789012' });
  });

  it('runs the registry sweeper every minute, appending to the log and touching only registry state', () => {
    expect(recorded.crons.map((c) => [c.name, c.args['schedule']])).toEqual([['RegistrySweeper', 'rate(1 minute)']]);
    const fn = recorded.functions.get('RegistrySweeper') ?? expect.fail('no RegistrySweeper function');
    expect(fn).toMatchObject({ handler: 'functions/registrySweeper/handler.handler', runtime: 'nodejs24.x', architecture: 'arm64', environment: { WEFT_EVENTS_TABLE: 'Events.name', WEFT_STATE_TABLE: 'State.name', WEFT_ACCOUNT_ID: '123456789012' } });
    const permissions = fn['permissions'] as { actions: string[]; resources: unknown[] }[];
    const on = (resource: string) => permissions.filter((p) => p.resources.includes(resource)).flatMap((p) => p.actions).sort();
    expect(on('Events.arn')).toEqual(['dynamodb:PutItem']); // appends expiries; never reads or rewrites the log
    expect(on('State.arn')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']); // registers nothing
    expect(permissions.flatMap((p) => p.resources).sort()).toEqual(['Events.arn', 'State.arn']);
    expect(fn['link']).toBeUndefined();
  });

  it('keeps a production stage and its event log when the stack is removed', () => {
    expect(config.app({ stage: 'prod' })).toEqual({ name: 'weft', home: 'aws', removal: 'retain', protect: true });
    expect(config.app({ stage: 'dev' })).toMatchObject({ removal: 'remove', protect: false });
  });
});
