// The agent's ADS endpoint: Envoy and proxyless gRPC clients on this host
// stream their config from it, state-of-the-world or delta.
import * as grpc from '@grpc/grpc-js';
import type { ClientStatus } from './clientStatus.js';
import { deltaProtocol } from './deltaProtocol.js';
import { adsServiceDefinition } from './discoveryService.js';
import type { SnapshotSource } from './snapshotCache.js';
import { sotwProtocol } from './sotwProtocol.js';
import type { CommonRequest, TypeState, XdsProtocol } from './xdsSession.js';
import { XdsSession } from './xdsSession.js';

export interface AdsServerOptions {
  readonly source: SnapshotSource;
  /**
   * The node served to a client whose node id is empty, or that the source
   * has no snapshot for when it connects: proxyless gRPC clients on this
   * host share the agent's node. Pass the agent's own node.
   */
  readonly fallbackNode: string;
  /** host:port to listen on; the default, loopback with any free port, keeps the config on this host. */
  readonly address?: string;
}

export interface AdsServer {
  readonly port: number;
  /** One record per connected stream: what it was served, ACKed and NACKed. */
  status(): ClientStatus[];
  /** Ends every stream and stops listening. */
  close(): Promise<void>;
}

export async function startAdsServer(options: AdsServerOptions): Promise<AdsServer> {
  const sessions = new Map<number, { status: ClientStatus; close(): void }>();
  let streams = 0;

  function serve<Req extends CommonRequest, Res, S extends TypeState, Out extends { version: string }>(protocol: XdsProtocol<Req, Res, S, Out>) {
    return (call: grpc.ServerDuplexStream<Req, Res>) => {
      const session = new XdsSession(++streams, call, protocol, options);
      sessions.set(session.status.stream, session);
      const end = () => {
        session.close();
        sessions.delete(session.status.stream);
      };
      call.on('data', (request: Req) => {
        try {
          session.receive(request);
        } catch (error) {
          end();
          call.emit('error', { code: grpc.status.INTERNAL, details: `xDS: ${(error as Error).message}` });
        }
      });
      call.on('end', () => {
        end();
        call.end();
      });
      call.on('cancelled', end);
      call.on('error', end);
    };
  }

  const server = new grpc.Server();
  server.addService(adsServiceDefinition(), {
    StreamAggregatedResources: serve(sotwProtocol),
    DeltaAggregatedResources: serve(deltaProtocol),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.address ?? '127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    status: () => [...sessions.values()].map((s) => structuredClone(s.status)),
    close: async () => {
      for (const session of sessions.values()) session.close();
      sessions.clear();
      // ADS streams never end on their own, so a graceful shutdown would wait forever.
      server.forceShutdown();
    },
  };
}
