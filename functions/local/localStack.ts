import { mkdir, access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { tableNamesFor } from '../../core/adapters/dynamodb/tables.js';
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createApiHandler } from '../api/createApiHandler.js';
import { createProjectorHandler } from '../projector/createProjectorHandler.js';
import { createRegistrySweeperHandler } from '../registrySweeper/createRegistrySweeperHandler.js';
import type { WeftConfig } from '../shared/config.js';
import { defaultAccountId, defaultRegion } from '../shared/config.js';
import { dynamoClient } from '../shared/dynamoClients.js';
import { createApiServer } from './apiServer.js';
import type { DynamoDbLocal } from './dynamoDbLocal.js';
import { startDynamoDbLocal } from './dynamoDbLocal.js';
import { ensureTables } from './ensureTables.js';
import { localLambdaContext } from './lambdaContext.js';
import { startSchedule } from './scheduler.js';
import { createSnapshotWatch } from './snapshotWatch.js';
import { startStreamPoller, streamsClient } from './streamPoller.js';
import { UserError } from './userError.js';

export interface LocalStackOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where DynamoDB Local keeps its data; ignored with inMemory or dynamodbEndpoint. */
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  /** Use this DynamoDB instead of starting DynamoDB Local. */
  readonly dynamodbEndpoint?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly tablePrefix?: string;
  /** How often the registry sweeper expires instances whose heartbeats stopped (AWS: every minute). */
  readonly registrySweepIntervalMs?: number;
  /** Independent API handler instances (own clients, own caches) taking requests in turn, as Lambda runs them. Default 1. */
  readonly apiInstances?: number;
}

export interface LocalStack {
  readonly url: string;
  readonly config: WeftConfig;
  readonly dataDir?: string;
  stop(): Promise<void>;
}

/** The whole control plane on one machine: DynamoDB (Local), the tables, and the API handler behind node:http. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const apiInstances = options.apiInstances ?? 1;
  if (!Number.isInteger(apiInstances) || apiInstances < 1) throw new UserError(`--api-instances must be a whole number of at least 1 (got ${apiInstances}).`);
  const dataDir = options.dynamodbEndpoint || options.inMemory ? undefined : resolve(options.dataDir ?? '.weft');
  if (dataDir) await ensureWritable(dataDir);
  const dynamo: DynamoDbLocal | undefined = options.dynamodbEndpoint ? undefined : await startDynamoDbLocal(dataDir ? { dataDir } : {});
  const stops: (() => Promise<void>)[] = dynamo ? [dynamo.stop] : [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const config: WeftConfig = {
      region: options.region ?? defaultRegion,
      accountId: options.accountId ?? defaultAccountId,
      tables: tableNamesFor(options.tablePrefix ?? 'weft-'),
      dynamodbEndpoint: options.dynamodbEndpoint ?? dynamo?.endpoint ?? '',
      // The DynamoDB Local started here in memory loses everything on a kill anyway.
      ...(dynamo && !dataDir ? { awaitLocalCommits: false } : {}),
    };
    const admin = dynamoClient(config);
    await ensureTables(admin, config.tables);
    const streamArnOf = async (table: string) => (await admin.send(new DescribeTableCommand({ TableName: table }))).Table?.LatestStreamArn ?? '';
    const [eventsStream, snapshotsStream] = [await streamArnOf(config.tables.events), await streamArnOf(config.tables.snapshots)];
    admin.destroy();

    // Lambda's event source mappings, on one machine: the events stream drives
    // the projector; the snapshots stream wakes agents' long polls.
    const streams = streamsClient(config.region, config.dynamodbEndpoint ?? '');
    const projector = createProjectorHandler(config);
    const snapshotWatch = createSnapshotWatch();
    for (const poller of [
      startStreamPoller({ client: streams, streamArn: eventsStream, region: config.region, onBatch: (event) => projector(event, localLambdaContext('weft-projector', randomUUID())) }),
      startStreamPoller({ client: streams, streamArn: snapshotsStream, region: config.region, onBatch: snapshotWatch.onBatch, repoll: 'afterAnyRecords' }),
    ]) {
      stops.push(() => poller.stop());
    }
    stops.push(async () => streams.destroy());

    // EventBridge's schedule, on one machine: the registry sweeper's ticks.
    const sweeper = startSchedule({ name: 'weft-registry-sweeper', intervalMs: options.registrySweepIntervalMs ?? 5000, region: config.region, accountId: config.accountId, handler: createRegistrySweeperHandler(config) });
    stops.push(() => sweeper.stop());

    const server = createApiServer(Array.from({ length: apiInstances }, () => createApiHandler(config, snapshotWatch)));
    const host = options.host ?? '127.0.0.1';
    await listen(server, options.port ?? 7700, host);
    stops.push(() => new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }));
    const { port } = server.address() as AddressInfo;
    return { url: `http://${host}:${port}`, config, ...(dataDir ? { dataDir } : {}), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function listen(server: ReturnType<typeof createApiServer>, port: number, host: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new UserError(`Port ${port} on ${host} is already in use; choose another with --port.`) : error);
    });
    server.listen(port, host, () => resolvePromise());
  });
}

async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch {
    throw new UserError(`The data directory ${dir} is not writable; choose another with --data-dir, or use --in-memory.`);
  }
}
