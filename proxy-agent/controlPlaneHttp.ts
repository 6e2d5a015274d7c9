// The agent's HTTP to the control plane: node:http(s) with keep-alive rather
// than fetch. fetch is undici, whose HTTP parser is WebAssembly; compiling and
// running it cost a sidecar several MB it does not have to spend.
import http from 'node:http';
import https from 'node:https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface ControlPlaneRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface ControlPlaneResponse {
  readonly status: number;
  /** The whole body as text (snapshots and status answers are small). */
  readonly body: string;
}

export type ControlPlaneHttp = (url: string, request?: ControlPlaneRequest) => Promise<ControlPlaneResponse>;

/** Answers larger than this are refused rather than buffered: no snapshot comes near it. */
const maxBodyBytes = 32 * 1024 * 1024;
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }) };

/** One request, its body read in full. */
export function plainHttp(url: string, request: ControlPlaneRequest = {}): Promise<ControlPlaneResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new Error(`control plane URL must be http or https: ${url}`));
  return new Promise((resolve, reject) => {
    const req = transport.request(target, {
      method: request.method ?? 'GET',
      headers: { ...request.headers, ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
      agent: agents[target.protocol as 'http:' | 'https:'],
      ...(request.signal ? { signal: request.signal } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) res.destroy(new Error(`control plane answer over ${maxBodyBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Requests SigV4-signed for API Gateway (`execute-api`) when the default AWS
 * credential chain finds credentials; unsigned otherwise (the local control
 * plane needs none). The chain is asked once; its credentials refresh themselves.
 */
export async function controlPlaneHttp(region: string): Promise<ControlPlaneHttp> {
  const credentials = defaultProvider();
  try {
    await credentials();
  } catch {
    return plainHttp;
  }
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  return async (url, request = {}) => {
    const target = new URL(url);
    const signed = await signer.sign({
      method: request.method ?? 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host, ...(request.headers ?? {}) },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    return plainHttp(url, { ...request, headers: signed.headers as Record<string, string> });
  };
}
