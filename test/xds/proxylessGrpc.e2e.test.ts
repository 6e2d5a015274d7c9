// A real xDS client, @grpc/grpc-js-xds, configured by the agent's ADS server,
// makes a real RPC to a real local gRPC server: LDS (an API listener named
// after the target) -> inline routes -> EDS cluster -> the server's address.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as grpcXds from '@grpc/grpc-js-xds';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyTypes } from '../../core/projection/envoy/typeUrls.js';
import { closeAll, eventually, startHarness } from './adsHarness.js';
import { CDS, EDS, LDS, edsCluster, node, snapshot } from './fixtures/snapshots.js';

type SayClient = grpc.Client & { Say(request: { text: string }, options: grpc.CallOptions, callback: grpc.requestCallback<{ text: string; servedBy: string }>): void };
const echoPackage = () => {
  const definition = protoLoader.loadSync(fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url)), { keepCase: false });
  return (grpc.loadPackageDefinition(definition)['weft'] as grpc.GrpcObject)['test'] as grpc.GrpcObject;
};
const echoService = () => ((echoPackage()['echo'] as grpc.GrpcObject)['Echo'] as grpc.ServiceClientConstructor);

/** What a proxyless client needs for `xds:///svc.local:8080`: an API listener of that name, and what it routes to. */
function proxylessSnapshot(echoPort: number) {
  const hcm = {
    '@type': anyTypes.httpConnectionManager,
    statPrefix: 'svc.local',
    routeConfig: { name: 'svc.local', virtualHosts: [{ name: 'svc.local', domains: ['*'], routes: [{ match: { prefix: '' }, route: { cluster: 'cds_echo' } }] }] },
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': anyTypes.router } }],
  };
  return snapshot(node, {
    listener: [{ name: 'svc.local:8080', apiListener: { apiListener: hcm } }],
    cluster: [edsCluster('cds_echo')],
    // gRPC NACKs an assignment without a locality and ignores a locality without a weight; Envoy needs neither.
    endpoint: [{ clusterName: 'cds_echo', endpoints: [{ locality: {}, loadBalancingWeight: { value: 1 }, lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: echoPort } } } }] }] }],
  });
}

type Reply = { text: string; servedBy: string };

describe('proxyless gRPC through the ADS server', () => {
  const echoServers: grpc.Server[] = [];
  let client: SayClient | undefined;

  beforeAll(() => grpcXds.register());
  afterAll(async () => {
    client?.close();
    for (const server of echoServers) server.forceShutdown();
    await closeAll();
  });

  async function startEcho(name: string): Promise<number> {
    const server = new grpc.Server();
    echoServers.push(server);
    server.addService(echoService().service, {
      Say: (call: grpc.ServerUnaryCall<{ text: string }, Reply>, callback: grpc.sendUnaryData<Reply>) => callback(null, { text: call.request.text, servedBy: name }),
    });
    return new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))));
  }

  const say = (text: string) =>
    new Promise<Reply>((resolve, reject) =>
      client!.Say({ text }, { deadline: Date.now() + 15_000 }, (error, response) => (error || !response ? reject(error) : resolve(response))),
    );

  it('routes real RPCs to the endpoint the snapshot names, follows a pushed change, and ACKs every type', async () => {
    const ads = await startHarness(node);
    ads.cache.set(proxylessSnapshot(await startEcho('echo-1')));
    // A node id the agent has no snapshot for: the client shares the agent's node.
    process.env['GRPC_XDS_BOOTSTRAP_CONFIG'] = JSON.stringify({
      xds_servers: [{ server_uri: `127.0.0.1:${ads.server.port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: 'proxyless/echo-client', locality: {} },
    });
    client = new (echoService())('xds:///svc.local:8080', grpc.credentials.createInsecure()) as unknown as SayClient;

    expect(await say('hello')).toEqual({ text: 'hello', servedBy: 'echo-1' });
    await eventually(() => [LDS, CDS, EDS].every((type) => ads.server.status()[0]?.types[type]?.ackedVersion));
    expect(ads.server.status()[0]).toMatchObject({ nodeId: 'proxyless/echo-client', servedNode: node });

    ads.cache.set(proxylessSnapshot(await startEcho('echo-2')));
    await eventually(async () => (await say('again')).servedBy === 'echo-2', 10_000);
    expect(ads.server.status()[0]?.lastNack).toBeUndefined();
  });
});
