import type { AgentReportStore, ProjectionStore, SnapshotReader } from '../../application/projectorPorts.js';
import type { MethodActions } from './dynamoActions.js';

/** What dynamoProjectionStore.ts calls, per port it implements: the projector uses one, the API the other two. */
export const dynamoProjectionStoreActions = {
  projection: {
    readEvents: { events: ['Query'] },
    readMeshState: { state: ['GetItem', 'Query'] },
    snapshotVersions: { snapshots: ['Query'] },
    putSnapshot: { snapshots: ['PutItem'] },
    deleteSnapshot: { snapshots: ['DeleteItem'] },
    saveCheckpoint: { snapshots: ['PutItem'] },
  } satisfies MethodActions<ProjectionStore>,
  snapshotReader: {
    getSnapshot: { snapshots: ['GetItem'] },
  } satisfies MethodActions<SnapshotReader>,
  agentReports: {
    putAgentReport: { snapshots: ['PutItem'] },
    meshReports: { snapshots: ['Query'], state: ['GetItem'] },
  } satisfies MethodActions<AgentReportStore>,
} as const;
