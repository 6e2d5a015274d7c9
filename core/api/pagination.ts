import { badRequest } from '../errors.js';

// nextToken is opaque to clients: the last name of the page, wrapped so that
// nobody comes to depend on its shape.
export function encodeNextToken(lastName: string | undefined): string | undefined {
  return lastName === undefined ? undefined : Buffer.from(JSON.stringify({ after: lastName }), 'utf8').toString('base64url');
}

export function decodeNextToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const after = (decoded as { after?: unknown } | null)?.after;
    if (typeof after === 'string' && after.length > 0) return after;
  } catch {
    // fall through to the error below
  }
  throw badRequest('nextToken: is not a token this API issued');
}

export const defaultPageSize = 100;
