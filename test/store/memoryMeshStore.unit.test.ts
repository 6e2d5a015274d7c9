import { memoryMeshStore } from '../../core/adapters/memory/memoryMeshStore.js';
import { meshStoreContract } from './meshStoreContract.js';

// The in-memory store holds one process's state: "another process" on the same
// storage is the same store, as two Lambda instances share one DynamoDB.
meshStoreContract('memoryMeshStore', async () => {
  const store = memoryMeshStore();
  return { store, another: () => store, cleanup: async () => {} };
});
