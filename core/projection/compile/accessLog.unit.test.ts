import { describe, expect, it } from 'vitest';
import { egressListenerName, ingressListenerName } from '../envoy/names.js';
import { defaultTextFormat } from './accessLog.js';
import { meshLog } from './meshLog.testSupport.js';
import { filterChains, firstFilterConfig, nodeSnapshot, resource } from './nodeSnapshot.testSupport.js';

type Json = Record<string, unknown>;

/** `web` with an HTTP and a TCP listener, an HTTP and a TCP backend, in an ALLOW_ALL mesh. */
function webLogging(logging: object) {
  const log = meshLog();
  const provided = (name: string, port: number, protocol: string) => [
    log.created('virtualNode', name, { listeners: [{ portMapping: { port, protocol } }], serviceDiscovery: { dns: { hostname: `${name}.local` } } }),
    log.created('virtualService', `${name}.svc`, { provider: { virtualNode: { virtualNodeName: name } } }),
  ];
  return nodeSnapshot(
    [
      log.mesh({ egressFilter: { type: 'ALLOW_ALL' } }),
      ...provided('api', 8080, 'http'),
      ...provided('db', 5432, 'tcp'),
      log.created('virtualNode', 'web', {
        listeners: [{ portMapping: { port: 80, protocol: 'http' } }, { portMapping: { port: 9000, protocol: 'tcp' } }],
        backends: [{ virtualService: { virtualServiceName: 'api.svc' } }, { virtualService: { virtualServiceName: 'db.svc' } }],
        logging,
      }),
    ],
    'web',
  );
}

/** The access logs of every connection manager and TCP proxy of the proxy, default chain included. */
function everyAccessLog(snapshot: ReturnType<typeof nodeSnapshot>): unknown[] {
  const chains = [...filterChains(snapshot, ingressListenerName), ...filterChains(snapshot, egressListenerName), resource(snapshot, 'listener', egressListenerName)['defaultFilterChain'] as Json];
  return chains.map((chain) => firstFilterConfig(chain)['accessLog']);
}

const fileLog = (path: string, logFormat: Json) => [{ name: 'envoy.access_loggers.file', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path, logFormat } }];

describe('access logging', () => {
  it("writes App Mesh's default format to the path on every ingress and egress filter", () => {
    const logs = everyAccessLog(webLogging({ accessLog: { file: { path: '/dev/stdout' } } }));
    expect(logs).toHaveLength(6); // 2 ingress chains, 3 egress chains (http, tcp, AWS APIs), the default chain
    for (const l of logs) expect(l).toEqual(fileLog('/dev/stdout', { textFormatSource: { inlineString: defaultTextFormat } }));
  });

  it('ends a custom text format with a line break', () => {
    const [first] = everyAccessLog(webLogging({ accessLog: { file: { path: '/var/log/envoy.log', format: { text: '%RESPONSE_CODE% %DURATION%' } } } }));
    expect(first).toEqual(fileLog('/var/log/envoy.log', { textFormatSource: { inlineString: '%RESPONSE_CODE% %DURATION%\n' } }));
  });

  it('writes a JSON format as a protobuf Struct of strings', () => {
    const json = [{ key: 'status', value: '%RESPONSE_CODE%' }, { key: 'path', value: '%REQ(:PATH)%' }];
    const [first] = everyAccessLog(webLogging({ accessLog: { file: { path: '/dev/stdout', format: { json } } } }));
    expect(first).toEqual(fileLog('/dev/stdout', { jsonFormat: { fields: { status: { stringValue: '%RESPONSE_CODE%' }, path: { stringValue: '%REQ(:PATH)%' } } } }));
  });

  it('logs nothing when the node has no logging', () => {
    for (const l of everyAccessLog(webLogging({}))) expect(l).toBeUndefined();
  });
});
