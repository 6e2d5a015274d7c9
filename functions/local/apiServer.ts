import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { maxBodyBytes } from '../../core/api/http.js';
import { localLambdaContext } from './lambdaContext.js';

export type HttpLambda = (event: APIGatewayProxyEventV2WithIAMAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * node:http in front of the API Lambda, standing in for API Gateway: it only
 * translates a request into a payload-v2 event and the result back. Routing,
 * validation and errors all stay in the handler. Given several instances of
 * the handler, it hands requests to them in turn, as Lambda spreads requests
 * over warm instances that share nothing but DynamoDB.
 */
export function createApiServer(instances: readonly HttpLambda[]): Server {
  if (instances.length === 0) throw new Error('createApiServer needs at least one handler instance');
  let next = 0;
  return createServer((req, res) => {
    const handler = instances[next] as HttpLambda;
    next = (next + 1) % instances.length;
    void serve(handler, req, res);
  });
}

async function serve(handler: HttpLambda, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const requestId = randomUUID();
    const result = await handler(toEvent(req, body, requestId), localLambdaContext('weft-api', requestId));
    res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
    res.end(result.body ?? '');
  } catch (error) {
    // The handler answers every request itself; reaching here means the transport broke.
    console.error(JSON.stringify({ level: 'error', message: 'local API transport failure', error: String(error) }));
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerErrorException' });
    res.end(JSON.stringify({ message: 'Internal server error.' }));
  }
}

/** Reads at most one byte past the limit: enough for the handler to reject an oversized body, never more in memory. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > maxBodyBytes) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      if (size === 0) return resolve(undefined);
      const all = Buffer.concat(chunks);
      resolve((size > maxBodyBytes ? all.subarray(0, maxBodyBytes + 1) : all).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function toEvent(req: IncomingMessage, body: string | undefined, requestId: string): APIGatewayProxyEventV2WithIAMAuthorizer {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // The path exactly as sent: URL's pathname resolves '.' and '..' segments, which
  // would turn DELETE .../virtualNodes/.. into a DeleteMesh.
  const [rawPath = '/', ...query] = (req.url ?? '/').split('?');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(',') : value;
  const method = req.method ?? 'GET';
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: query.join('?'),
    headers,
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.hostname,
      domainPrefix: 'local',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: { iam: { accessKey: '', accountId: 'local', callerId: 'local', cognitoIdentity: null, principalOrgId: '', userArn: 'local', userId: 'local' } },
    },
  };
}
