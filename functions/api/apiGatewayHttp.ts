import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../core/api/http.js';

/** API Gateway HTTP API (payload v2) event -> the API's transport-neutral request. */
export function fromApiGatewayEvent(event: APIGatewayProxyEventV2WithIAMAuthorizer): HttpRequest {
  const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: parseQuery(event.rawQueryString),
    headers: event.headers ?? {},
    ...(body !== undefined ? { body } : {}),
    requestId: event.requestContext.requestId,
    actor: event.requestContext.authorizer?.iam?.userArn ?? 'anonymous',
  };
}

export function toApiGatewayResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body };
}

// rawQueryString keeps repeated keys and exact encoding, unlike queryStringParameters.
function parseQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = value;
  return out;
}
