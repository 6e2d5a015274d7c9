// The DynamoDB grant of each Lambda: the union of what the adapter ports its
// deps wire need (functions/api/apiDeps.ts, functions/projector/
// createProjectorHandler.ts, functions/registrySweeper/createRegistrySweeperHandler.ts).
// sst.config.ts turns these into IAM policies.
import type { DynamoAction, Table, TableActions } from './dynamoActions.js';
import { grantOf } from './dynamoActions.js';
import { dynamoMeshStoreActions } from './dynamoMeshStoreActions.js';
import { dynamoProjectionStoreActions } from './dynamoProjectionStoreActions.js';
import { registryDynamoFeedActions } from './registryDynamoFeedActions.js';
import { registryDynamoStoreActions } from './registryDynamoStoreActions.js';

export type Grant = Partial<Record<Table, DynamoAction[]>>;

const methodsOf = (...ports: readonly Record<string, TableActions>[]) => ports.flatMap((port) => Object.values(port));

export const lambdaGrants = {
  // store, snapshots (agents' config), reports (agents' status and the mesh status view), registry.
  api: grantOf(...methodsOf(dynamoMeshStoreActions, dynamoProjectionStoreActions.snapshotReader, dynamoProjectionStoreActions.agentReports, registryDynamoStoreActions)),
  projector: grantOf(...methodsOf(dynamoProjectionStoreActions.projection, registryDynamoFeedActions)),
  // The sweeper holds the whole registry port: it lists, re-reads and appends expiries through it.
  registrySweeper: grantOf(...methodsOf(registryDynamoStoreActions)),
} as const satisfies Record<string, Grant>;
