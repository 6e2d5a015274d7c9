import { parseArgs } from 'node:util';
import type { LocalStack } from './localStack.js';
import { startLocalStack } from './localStack.js';
import { UserError } from './userError.js';

export const upUsage = `weft up [options]
  --port N                  API port (default 7700)
  --host ADDR               API address (default 127.0.0.1)
  --data-dir DIR            DynamoDB Local data, kept across restarts (default .weft/)
  --in-memory               keep nothing on disk
  --dynamodb-endpoint URL   use this DynamoDB instead of starting DynamoDB Local
  --region REGION           region in ARNs (default us-east-1)
  --account-id ID           12-digit account in ARNs (default 000000000000)
  --api-instances N         serve the API through N independent handler instances in turn, as Lambda would (default 1)`;

/** `weft up`: the local control plane, until Ctrl-C or SIGTERM. */
export async function weftUp(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'dynamodb-endpoint': { type: 'string' },
      region: { type: 'string' },
      'account-id': { type: 'string' },
      'api-instances': { type: 'string' },
    },
  });
  const port = values.port === undefined ? 7700 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be a port number (got '${values.port}').`);
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UserError(`--account-id must be 12 digits (got '${accountId}').`);
  const apiInstances = values['api-instances'] === undefined ? 1 : Number(values['api-instances']);
  if (!Number.isInteger(apiInstances) || apiInstances < 1 || apiInstances > 64) throw new UserError(`--api-instances must be a whole number from 1 to 64 (got '${values['api-instances']}').`);

  // Until the stack is up, and on any second signal, exit at once: process.exit
  // runs the 'exit' hook that takes DynamoDB Local's process group down with us.
  const running: { stack?: LocalStack; stopping?: Promise<void> } = {};
  const onSignal = () => {
    if (!running.stack || running.stopping) process.exit(130);
    running.stopping = running.stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stack = await startLocalStack({
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values['in-memory'] ? { inMemory: true } : {}),
    ...(values['dynamodb-endpoint'] ? { dynamodbEndpoint: values['dynamodb-endpoint'] } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(accountId ? { accountId } : {}),
    apiInstances,
  });
  running.stack = stack;
  const storage = stack.dataDir ? `data in ${stack.dataDir}` : values['dynamodb-endpoint'] ? `DynamoDB at ${values['dynamodb-endpoint']}` : 'in memory';
  const instances = apiInstances > 1 ? `, ${apiInstances} API instances` : '';
  console.log(`Weft is up: App Mesh API at ${stack.url} (${storage}${instances}). Ctrl-C stops it.`);
  console.log(`DynamoDB endpoint: ${stack.config.dynamodbEndpoint ?? ''} (tables ${stack.config.tables.events}, ${stack.config.tables.state}, ${stack.config.tables.snapshots})`);
  await new Promise<never>(() => undefined); // runs until a signal ends the process
}
