import type { AppMeshServiceException } from '@aws-sdk/client-app-mesh';
import { expect } from 'vitest';

type ErrorClass = abstract new (...args: never[]) => AppMeshServiceException;

/**
 * The call fails with the SDK's own exception class for the App Mesh error
 * type, the model's HTTP status, and (when given) a message naming the field.
 */
export async function expectApiError(call: Promise<unknown>, type: ErrorClass, status: number, message?: string | RegExp): Promise<AppMeshServiceException> {
  await expect(call).rejects.toBeInstanceOf(type);
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as AppMeshServiceException;
  expect(error.$metadata.httpStatusCode).toBe(status);
  expect(error.$fault).toBe('client');
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
