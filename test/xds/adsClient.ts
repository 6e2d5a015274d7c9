// A real ADS client stream over a real socket, with the server's own
// message definitions, that lets a test await each response in turn.
import * as grpc from '@grpc/grpc-js';
import type { DeltaDiscoveryRequest, DeltaDiscoveryResponse, DiscoveryRequest, DiscoveryResponse } from '../../proxy-agent/xds/discoveryService.js';
import { adsClientConstructor } from '../../proxy-agent/xds/discoveryService.js';
import { decodeResource } from '../../proxy-agent/xds/envoyMessages.js';

export class AdsStream<Req, Res> {
  readonly #responses: Res[] = [];
  readonly #waiting: ((response: Res) => void)[] = [];
  #error: Error | undefined;

  private constructor(
    private readonly client: grpc.Client,
    private readonly call: grpc.ClientDuplexStream<Req, Res>,
  ) {
    call.on('data', (response: Res) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(response);
      else this.#responses.push(response);
    });
    call.on('error', (error: Error) => (this.#error = error));
  }

  static sotw(port: number): SotwStream {
    return AdsStream.open(port, 'StreamAggregatedResources');
  }

  static delta(port: number): DeltaStream {
    return AdsStream.open(port, 'DeltaAggregatedResources');
  }

  private static open<Req, Res>(port: number, method: string): AdsStream<Req, Res> {
    const Client = adsClientConstructor();
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const open = client[method] as () => grpc.ClientDuplexStream<Req, Res>;
    return new AdsStream(client, open.call(client));
  }

  send(request: Partial<Req>): void {
    this.call.write(request as Req);
  }

  /** The next response, failing the test if none arrives in time. */
  next(timeoutMs = 5000): Promise<Res> {
    const queued = this.#responses.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(new Error(`no response within ${timeoutMs} ms${this.#error ? ` (stream error: ${this.#error.message})` : ''}`));
      }, timeoutMs);
      const waiter = (response: Res) => {
        clearTimeout(timer);
        resolve(response);
      };
      this.#waiting.push(waiter);
    });
  }

  /** Fails if any response arrives within `ms`: the server had nothing to say. */
  async expectSilence(ms = 300): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const unexpected = this.#responses.splice(0);
    if (unexpected.length) throw new Error(`expected no response, got ${JSON.stringify(unexpected.map(summary))}`);
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }
}

export type SotwStream = AdsStream<DiscoveryRequest, DiscoveryResponse>;
export type DeltaStream = AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>;

/** The ACK of a SotW response, optionally changing the subscription. */
export function ack(response: DiscoveryResponse, resourceNames: string[] = []): DiscoveryRequest {
  return { versionInfo: response.versionInfo, responseNonce: response.nonce, typeUrl: response.typeUrl, resourceNames };
}

/** The NACK of a SotW response: the client stays on `keptVersion`. */
export function nack(response: DiscoveryResponse, keptVersion: string, message: string, resourceNames: string[] = []): DiscoveryRequest {
  return { versionInfo: keptVersion, responseNonce: response.nonce, typeUrl: response.typeUrl, resourceNames, errorDetail: { code: 3, message } };
}

/** Names of the resources in a SotW response, decoded from the wire. */
export function names(response: DiscoveryResponse): string[] {
  return response.resources.map((any) => {
    const resource = decodeResource(any.type_url, any.value);
    return String(resource['name'] ?? resource['clusterName']);
  });
}

function summary(response: unknown): unknown {
  const r = response as Partial<DiscoveryResponse & DeltaDiscoveryResponse>;
  return { typeUrl: r.typeUrl, nonce: r.nonce, count: r.resources?.length };
}
