import { ConflictException, CreateMeshCommand, DescribeMeshCommand, NotFoundException } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../functions/local/localStack.js';
import { appMeshClient, startTestStack } from '../support/stack.js';

describe('meshes through the AWS SDK', () => {
  let stack: LocalStack;
  let client: ReturnType<typeof appMeshClient>;
  beforeAll(async () => {
    stack = await startTestStack('mesh');
    client = appMeshClient(stack);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
  });

  it('creates a mesh and describes it with App Mesh metadata', async () => {
    const created = await client.send(new CreateMeshCommand({ meshName: 'smoke', spec: { egressFilter: { type: 'ALLOW_ALL' } } }));
    expect(created.mesh?.metadata?.version).toBe(1);
    expect(created.mesh?.metadata?.arn).toBe('arn:aws:appmesh:us-east-1:000000000000:mesh/smoke');
    const described = await client.send(new DescribeMeshCommand({ meshName: 'smoke' }));
    expect(described.mesh?.spec).toEqual({ egressFilter: { type: 'ALLOW_ALL' } });
    expect(described.mesh?.metadata?.createdAt).toBeInstanceOf(Date);
  });

  it('answers a second create of the same name with ConflictException', async () => {
    await expect(client.send(new CreateMeshCommand({ meshName: 'smoke' }))).rejects.toBeInstanceOf(ConflictException);
  });

  it('answers a missing mesh with NotFoundException', async () => {
    await expect(client.send(new DescribeMeshCommand({ meshName: 'nope' }))).rejects.toBeInstanceOf(NotFoundException);
  });
});
