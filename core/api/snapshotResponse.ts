import type { HttpRequest, HttpResponse } from './http.js';
import { jsonResponse } from './http.js';
import type { ApiDeps } from './operations/context.js';
import { parseSnapshotQuery, readSnapshot, snapshotBody } from './operations/snapshotOperations.js';
import type { RawInput } from './parseInput.js';

/** The agents' config endpoint speaks HTTP caching: an ETag per version, 304 when the caller is current. */
export async function snapshotResponse(operation: string, raw: RawInput, request: HttpRequest, deps: ApiDeps): Promise<HttpResponse> {
  const query = parseSnapshotQuery(operation, raw, request.headers['if-none-match']);
  const result = await readSnapshot(query, deps);
  const base = { 'x-amzn-requestid': request.requestId, 'cache-control': 'no-cache' };
  if (result === 'unchanged') return { statusCode: 304, headers: { ...base, etag: `"${query.known ?? ''}"` }, body: '' };
  return jsonResponse(200, snapshotBody(result), { ...base, etag: `"${result.version}"` });
}
