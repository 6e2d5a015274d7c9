import type { ResourceMetadata } from '@aws-sdk/client-app-mesh';
import { expect } from 'vitest';

export const account = '000000000000';
export const arnPrefix = `arn:aws:appmesh:us-east-1:${account}:mesh`;

interface Described {
  readonly metadata?: ResourceMetadata;
  readonly status?: { readonly status?: string };
}

/** What App Mesh returned for a resource just created: version 1, owners, a uid, ACTIVE. */
export function expectCreated(data: Described | undefined, arn: string): ResourceMetadata {
  expect(data?.status?.status).toBe('ACTIVE');
  const metadata = data?.metadata;
  expect(metadata).toMatchObject({ arn, version: 1, meshOwner: account, resourceOwner: account });
  expect(metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  expect(metadata?.createdAt).toBeInstanceOf(Date);
  expect(metadata?.lastUpdatedAt?.getTime()).toBe(metadata?.createdAt?.getTime());
  return metadata as ResourceMetadata;
}

/** After an update: same arn, uid and createdAt; version one higher; lastUpdatedAt later. */
export function expectUpdated(data: Described | undefined, before: Partial<ResourceMetadata> | undefined): void {
  expect(data?.status?.status).toBe('ACTIVE');
  const metadata = data?.metadata;
  expect(before?.uid).toEqual(expect.any(String));
  expect(metadata).toMatchObject({ arn: before?.arn, uid: before?.uid, version: (before?.version ?? 0) + 1, createdAt: before?.createdAt });
  expect(metadata?.lastUpdatedAt?.getTime()).toBeGreaterThan(before?.lastUpdatedAt?.getTime() ?? Infinity);
}

/** A delete answers with the resource as it was, marked DELETED. */
export function expectDeleted(data: Described | undefined, before: Partial<ResourceMetadata> | undefined): void {
  expect(data?.status?.status).toBe('DELETED');
  expect(before?.uid).toEqual(expect.any(String));
  expect(data?.metadata).toMatchObject({ arn: before?.arn, uid: before?.uid });
}

/** Updates in the same millisecond as the create would leave lastUpdatedAt unchanged. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
