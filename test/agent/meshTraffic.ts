// Test support: real gRPC backends that say who answered, and a proxyless
// @grpc/grpc-js-xds client that dials the mesh by virtual service name.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

type Reply = { text: string; servedBy: string };
export type EchoClient = grpc.Client & { Say(request: { text: string }, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<Reply>): void };

const echoService = () => {
  const definition = protoLoader.loadSync(fileURLToPath(new URL('../xds/fixtures/echo.proto', import.meta.url)), { keepCase: false });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { weft: { test: { echo: { Echo: grpc.ServiceClientConstructor } } } };
  return pkg.weft.test.echo.Echo;
};

/** A backend named `name`; `failEvery` > 0 answers UNAVAILABLE to every n-th call. */
export async function startBackend(name: string, failEvery = 0): Promise<{ port: number; setFailEvery(n: number): void; stop(): void }> {
  const server = new grpc.Server();
  let calls = 0;
  let every = failEvery;
  server.addService(echoService().service, {
    Say: (call: grpc.ServerUnaryCall<{ text: string }, Reply>, callback: grpc.sendUnaryData<Reply>) => {
      calls++;
      if (every > 0 && calls % every === 0) return callback({ code: grpc.status.UNAVAILABLE, details: `${name} is flaky` });
      callback(null, { text: call.request.text, servedBy: name });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { port, setFailEvery: (n) => (every = n), stop: () => server.forceShutdown() };
}

export function echoClient(target: string): EchoClient {
  return new (echoService())(target, grpc.credentials.createInsecure()) as unknown as EchoClient;
}

/** One call: who served it, or the gRPC status code it failed with. */
export function say(client: EchoClient, headers: Record<string, string> = {}): Promise<string> {
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
  return new Promise((resolve) =>
    client.Say({ text: 'hi' }, metadata, { deadline: Date.now() + 10_000 }, (error, reply) => resolve(error ? `error:${grpc.status[error.code ?? 2]}` : (reply?.servedBy ?? 'none'))),
  );
}

/** `count` calls, `parallel` at a time; how many each backend (or error) got. */
export async function tally(client: EchoClient, count: number, headers: Record<string, string> = {}, parallel = 50): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let done = 0; done < count; done += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - done) }, () => say(client, headers)));
    for (const who of batch) counts[who] = (counts[who] ?? 0) + 1;
  }
  return counts;
}

export async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
