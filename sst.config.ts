// Weft on AWS (SST v3): `npx sst deploy --stage prod`. The same handlers the
// local runtime hosts, as Lambda behind an IAM-authorized HTTP API, over the
// DynamoDB tables whose contract lives in core/adapters/dynamodb/tables.ts.
// test/wiring/sstConfig.unit.test.ts checks this wiring without deploying.

export default $config({
  app(input) {
    // The event log is the source of truth: a production stage keeps its tables and refuses `sst remove`.
    const production = input.stage === 'prod';
    return { name: 'weft', home: 'aws', removal: production ? 'retain' : 'remove', protect: production };
  },
  async run() {
    // SST rejects top-level imports of local code; the contracts are imported here.
    const { eventsKey, stateKey, snapshotsKey, expiryAttribute } = await import('./core/adapters/dynamodb/tables.js');
    const { lambdaGrants } = await import('./core/adapters/dynamodb/lambdaGrants.js');
    const { apiRoutes, routeKeyOf } = await import('./core/api/apiRoutes.js');

    const events = new sst.aws.Dynamo('Events', {
      fields: { [eventsKey.partition]: 'string', [eventsKey.sort]: 'number' },
      primaryIndex: { hashKey: eventsKey.partition, rangeKey: eventsKey.sort },
      // The projector hangs off this stream; a record is only a nudge, so the new image is plenty.
      stream: 'new-image',
    });
    const state = new sst.aws.Dynamo('State', {
      fields: { [stateKey.partition]: 'string', [stateKey.sort]: 'string' },
      primaryIndex: { hashKey: stateKey.partition, rangeKey: stateKey.sort },
      // Client-token records expire on their own.
      ttl: expiryAttribute,
    });
    const snapshots = new sst.aws.Dynamo('Snapshots', {
      fields: { [snapshotsKey.partition]: 'string', [snapshotsKey.sort]: 'string' },
      primaryIndex: { hashKey: snapshotsKey.partition, rangeKey: snapshotsKey.sort },
      // As in tables.ts; locally it wakes agents' long polls, on AWS nothing reads it yet.
      stream: 'keys-only',
    });

    // Least privilege from the adapters' own declarations (core/adapters/dynamodb/*Actions.ts):
    // each Lambda may call what the adapters its deps wire call, on those tables only.
    const tableArns = { events: events.arn, state: state.arn, snapshots: snapshots.arn };
    const dynamoPermissions = (grant: Partial<Record<keyof typeof tableArns, readonly string[]>>) =>
      Object.entries(grant).map(([table, actions]) => ({ actions: actions.map((a) => `dynamodb:${a}`), resources: [tableArns[table as keyof typeof tableArns]] }));

    // ARNs name the deploying account, as App Mesh's did; the region comes from Lambda's AWS_REGION.
    const { accountId } = await aws.getCallerIdentity({});
    const apiFunction = new sst.aws.Function('Api', {
      handler: 'functions/api/handler.handler',
      runtime: 'nodejs24.x',
      architecture: 'arm64',
      environment: { WEFT_EVENTS_TABLE: events.name, WEFT_STATE_TABLE: state.name, WEFT_SNAPSHOTS_TABLE: snapshots.name, WEFT_ACCOUNT_ID: accountId },
      // Not `link`: a linked Dynamo grants dynamodb:* on the table.
      permissions: dynamoPermissions(lambdaGrants.api),
    });

    // API Gateway checks the caller's SigV4 signature (service `execute-api`) before the function runs.
    // One route per operation the handler serves (core/api/apiRoutes.ts): nothing else reaches it.
    const api = new sst.aws.ApiGatewayV2('Http');
    for (const route of apiRoutes) api.route(routeKeyOf(route), apiFunction.arn, { auth: { iam: true } });

    // The projector: the events stream drives it (a record is only a nudge), it
    // writes per-proxy snapshots. Batches that keep failing go to a queue
    // instead of blocking the shard; bisecting isolates the mesh that fails.
    const projectorFailures = new sst.aws.Queue('ProjectorFailures');
    events.subscribe(
      'Projector',
      {
        handler: 'functions/projector/handler.handler',
        runtime: 'nodejs24.x',
        architecture: 'arm64',
        memory: '1024 MB',
        timeout: '60 seconds',
        environment: { WEFT_EVENTS_TABLE: events.name, WEFT_STATE_TABLE: state.name, WEFT_SNAPSHOTS_TABLE: snapshots.name, WEFT_ACCOUNT_ID: accountId },
        permissions: [...dynamoPermissions(lambdaGrants.projector), { actions: ['sqs:SendMessage'], resources: [projectorFailures.arn] }],
      },
      {
        transform: {
          eventSourceMapping: {
            startingPosition: 'TRIM_HORIZON',
            functionResponseTypes: ['ReportBatchItemFailures'],
            bisectBatchOnFunctionError: true,
            maximumRetryAttempts: 10,
            destinationConfig: { onFailure: { destinationArn: projectorFailures.arn } },
          },
        },
      },
    );
    // Long polls (`?wait=`) need a watch the API Lambda does not have: on AWS
    // the snapshot endpoint answers at once and agents poll.

    // Expires Cloud Map instances whose heartbeats stopped; an expiry is an event,
    // so the projector takes the endpoints out. EventBridge's fastest rate is a minute.
    new sst.aws.Cron('RegistrySweeper', {
      schedule: 'rate(1 minute)',
      function: {
        handler: 'functions/registrySweeper/handler.handler',
        runtime: 'nodejs24.x',
        architecture: 'arm64',
        timeout: '60 seconds',
        environment: { WEFT_EVENTS_TABLE: events.name, WEFT_STATE_TABLE: state.name, WEFT_ACCOUNT_ID: accountId },
        permissions: dynamoPermissions(lambdaGrants.registrySweeper),
      },
    });

    return { url: api.url };
  },
});

// The subset of SST 3.19's platform API used above. SST writes its full types
// into .sst/platform during `sst install`, which needs GitHub (for Pulumi), so
// `npm run typecheck` could not rely on them from a clean clone. These are
// module-local and type-only: esbuild drops them and SST's globals run.
type Output<T> = { apply<U>(f: (value: T) => U): Output<U> };
type Input<T> = T | Output<T>;
interface DynamoArgs {
  fields: Record<string, 'string' | 'number' | 'binary'>;
  primaryIndex: { hashKey: string; rangeKey?: string };
  stream?: 'keys-only' | 'new-image' | 'old-image' | 'new-and-old-images';
  ttl?: string;
}
interface FunctionArgs {
  handler: string;
  memory?: `${number} MB`;
  timeout?: `${number} seconds`;
  runtime?: 'nodejs22.x' | 'nodejs24.x';
  architecture?: 'x86_64' | 'arm64';
  environment?: Record<string, Input<string>>;
  permissions?: { actions: string[]; resources: Input<string>[] }[];
}
interface RouteArgs {
  auth?: false | { iam?: boolean };
}
interface SstConfig {
  app(input: { stage: string }): { name: string; home: 'aws'; removal?: 'remove' | 'retain' | 'retain-all'; protect?: boolean };
  run(): Promise<Record<string, unknown> | void>;
}
declare const $config: (config: SstConfig) => SstConfig;
declare const sst: {
  aws: {
    Dynamo: new (name: string, args: DynamoArgs) => {
      name: Output<string>;
      arn: Output<string>;
      subscribe(name: string, subscriber: FunctionArgs, args?: { transform?: { eventSourceMapping?: Record<string, unknown> } }): unknown;
    };
    Queue: new (name: string) => { arn: Output<string> };
    Function: new (name: string, args: FunctionArgs) => { arn: Output<string> };
    ApiGatewayV2: new (name: string) => { url: Output<string>; route(route: string, handler: Input<string>, args?: RouteArgs): unknown };
    Cron: new (name: string, args: { schedule: `rate(${string})` | `cron(${string})`; function: FunctionArgs }) => unknown;
  };
};
declare const aws: { getCallerIdentity(args: Record<string, never>): Promise<{ accountId: string }> };
