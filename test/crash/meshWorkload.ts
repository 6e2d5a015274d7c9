import { randomUUID } from 'node:crypto';
import type { VirtualNodeData, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import { AppMeshClient, AppMeshServiceException, CreateVirtualNodeCommand, DeleteVirtualNodeCommand, UpdateVirtualNodeCommand } from '@aws-sdk/client-app-mesh';

/** One write the API answered 2xx: what the client was told. */
export interface Acknowledged {
  readonly op: 'create' | 'update' | 'delete';
  readonly name: string;
  readonly clientToken: string;
  readonly uid: string;
  readonly version: number;
}

export interface WorkloadTally {
  calls: number;
  /** Refused with a 4xx (a create of a node that exists, ...): answered, nothing written. */
  refused: number;
  /** No answer: the stack died under the call. */
  unanswered: number;
  readonly acknowledged: Acknowledged[];
}

export const nodeNames = Array.from({ length: 8 }, (_, i) => `n${i}`);

export const nodeSpec = (port: number): VirtualNodeSpec => ({
  listeners: [{ portMapping: { port, protocol: 'http' } }],
  serviceDiscovery: { dns: { hostname: `app-${port}.crash.local` } },
});

export function appMesh(url: string): AppMeshClient {
  return new AppMeshClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

/**
 * Mixed creates, updates and deletes of a few virtual nodes, each with a
 * client token, from concurrent writers that each own some names, until
 * `stopped()` or the stack stops answering. Writers guess whether their node
 * exists and learn from refusals, so a crash that leaves them wrong costs a 4xx.
 */
export async function runWriters(url: string, mesh: string, tally: WorkloadTally, stopped: () => boolean, writers = 4): Promise<void> {
  const client = appMesh(url);
  try {
    await Promise.all(Array.from({ length: writers }, async (_, w) => {
      const names = nodeNames.filter((_, i) => i % writers === w);
      const exists = new Map<string, boolean>();
      while (!stopped()) {
        const name = names[Math.floor(Math.random() * names.length)]!;
        const op = !exists.get(name) ? 'create' : Math.random() < 0.75 ? 'update' : 'delete';
        const clientToken = randomUUID();
        const spec = nodeSpec(1024 + Math.floor(Math.random() * 60000));
        tally.calls++;
        try {
          const out: { virtualNode?: VirtualNodeData } =
            op === 'create' ? await client.send(new CreateVirtualNodeCommand({ meshName: mesh, virtualNodeName: name, spec, clientToken }))
              : op === 'update' ? await client.send(new UpdateVirtualNodeCommand({ meshName: mesh, virtualNodeName: name, spec, clientToken }))
                : await client.send(new DeleteVirtualNodeCommand({ meshName: mesh, virtualNodeName: name }));
          const metadata = out.virtualNode?.metadata;
          tally.acknowledged.push({ op, name, clientToken: op === 'delete' ? '' : clientToken, uid: metadata?.uid ?? '', version: metadata?.version ?? 0 });
          exists.set(name, op !== 'delete');
        } catch (error) {
          const status = error instanceof AppMeshServiceException ? error.$metadata.httpStatusCode ?? 0 : 0;
          if (status >= 400 && status < 500) {
            tally.refused++;
            if (error instanceof AppMeshServiceException && error.name === 'ConflictException') exists.set(name, true);
            if (error instanceof AppMeshServiceException && error.name === 'NotFoundException') exists.set(name, false);
            continue;
          }
          tally.unanswered++;
          return; // the stack is gone (or failing): this writer is done until the restart
        }
      }
    }));
  } finally {
    client.destroy();
  }
}
