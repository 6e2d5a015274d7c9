import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

export type Fetch = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

/**
 * fetch, SigV4-signed for API Gateway (`execute-api`) when the default AWS
 * credential chain finds credentials; plain fetch otherwise (the local control
 * plane needs none). The chain is asked once; its credentials refresh themselves.
 */
export async function signedFetch(region: string): Promise<Fetch> {
  const credentials = defaultProvider();
  try {
    await credentials();
  } catch {
    return (url, init) => fetch(url, init);
  }
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  return async (url, init) => {
    const target = new URL(url);
    const signed = await signer.sign({
      method: init.method ?? 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host, ...(init.headers ?? {}) },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    return fetch(url, { ...init, headers: signed.headers as Record<string, string> });
  };
}
