// A real ADS client stream over a real socket, with the server's own
// message definitions, that lets a test await each response in turn.
import * as grpc from '@grpc/grpc-js';
import type { DeltaDiscoveryRequest, DeltaDiscoveryResponse, DiscoveryRequest, DiscoveryResponse } from '../../proxy-agent/xds/discoveryService.js';
import { adsClientConstructor } from '../../proxy-agent/xds/discoveryService.js';
import { decodeResource } from '../../proxy-agent/xds/envoyMessages.js';
import { typeUrls } from '../../core/projection/envoy/typeUrls.js';

const SDS = typeUrls.secret;

export class AdsStream<Req, Res> {
  readonly #responses: Res[] = [];
  readonly #waiting: ((response: Res) => void)[] = [];
  #error: Error | undefined;
  #barriers = 0;
  /** The latest barrier response, ACKed by the next barrier request (SotW drops a request with a stale nonce). */
  #barrier: { nonce: string; version: string } | undefined;

  private constructor(
    private readonly client: grpc.Client,
    private readonly call: grpc.ClientDuplexStream<Req, Res>,
    private readonly variant: 'sotw' | 'delta',
  ) {
    call.on('data', (response: Res) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(response);
      else this.#responses.push(response);
    });
    call.on('error', (error: Error) => (this.#error = error));
  }

  static sotw(port: number): SotwStream {
    return AdsStream.open(port, 'StreamAggregatedResources', 'sotw');
  }

  static delta(port: number): DeltaStream {
    return AdsStream.open(port, 'DeltaAggregatedResources', 'delta');
  }

  private static open<Req, Res>(port: number, method: string, variant: 'sotw' | 'delta'): AdsStream<Req, Res> {
    const Client = adsClientConstructor();
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const open = client[method] as () => grpc.ClientDuplexStream<Req, Res>;
    return new AdsStream(client, open.call(client), variant);
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

  /**
   * Proves that the server has sent nothing since the last response taken,
   * without waiting for silence: asks for a secret that does not exist, which
   * the server answers at once (SotW answers a newly named resource, delta
   * says it does not exist), and fails unless that answer is the next message.
   * One stream's requests are handled in order and its responses arrive in
   * order, so a push or answer the server made before would arrive first.
   * The stream must have sent its node already. A type ahead of secrets in the
   * push order that holds back an update until its ACK also holds back the
   * barrier; no answer then fails the test too.
   */
  async expectNothingSent(): Promise<void> {
    const name = `barrier-${++this.#barriers}`;
    const acked = this.#barrier ? { responseNonce: this.#barrier.nonce, versionInfo: this.#barrier.version } : {};
    const request = this.variant === 'sotw' ? { typeUrl: SDS, resourceNames: [name], ...acked } : { typeUrl: SDS, resourceNamesSubscribe: [name], ...(this.#barrier ? { responseNonce: this.#barrier.nonce } : {}) };
    this.send(request as unknown as Partial<Req>);
    const response = (await this.next().catch((error: Error) => {
      throw new Error(`the barrier request got no answer (${error.message}): is a type ahead of secrets held back awaiting an ACK?`);
    })) as Partial<DiscoveryResponse & DeltaDiscoveryResponse>;
    const isBarrier = response.typeUrl === SDS && (this.variant === 'sotw' ? response.resources?.length === 0 : response.removedResources?.includes(name));
    if (!isBarrier) throw new Error(`expected nothing before the barrier's answer, got ${JSON.stringify(summary(response))}`);
    this.#barrier = { nonce: response.nonce ?? '', version: response.versionInfo ?? response.systemVersionInfo ?? '' };
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
