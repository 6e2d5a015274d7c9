/** The transport-neutral request and response the API works on (API Gateway's payload v2, reduced). */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly requestId: string;
  /** The authenticated caller (IAM principal ARN on AWS). */
  readonly actor: string;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** API Gateway HTTP APIs accept up to 10 MiB; App Mesh's own limit was far lower, and so is ours. */
export const maxBodyBytes = 1024 * 1024;

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
