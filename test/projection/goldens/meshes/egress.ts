// Golden meshes `egress-allow-all` and `egress-drop-all`: the same three nodes
// under each egress filter. `app` reaches `api.<mesh>.local` (an HTTP node
// provided directly, without a router) and `search.<mesh>.local` (a TCP
// node), and logs every connection; what no backend claims goes out through
// the original destination under ALLOW_ALL and is dropped under DROP_ALL,
// while AWS APIs stay reachable under both. Backends naming a service that
// does not exist, or one without a provider, add nothing.
import type { MeshSpec, VirtualNodeSpec } from '../../../../core/model/appMeshTypes.js';
import { meshLog } from '../../../../core/projection/compile/meshLog.testSupport.js';

function egressMesh(name: string, egressFilter: NonNullable<MeshSpec['egressFilter']>) {
  const log = meshLog(name);
  const host = (node: string) => `${node}.${name}.local`;
  const app: VirtualNodeSpec = {
    listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
    serviceDiscovery: { dns: { hostname: host('app') } },
    backends: ['api', 'search', 'pending', 'missing'].map((node) => ({ virtualService: { virtualServiceName: host(node) } })),
    logging: { accessLog: { file: { path: '/dev/stdout', format: { text: '%DOWNSTREAM_REMOTE_ADDRESS% -> %UPSTREAM_HOST% %RESPONSE_FLAGS%\n' } } } },
  };
  const node = (port: number, protocol: 'http' | 'tcp', hostname: string): VirtualNodeSpec => ({ listeners: [{ portMapping: { port, protocol } }], serviceDiscovery: { dns: { hostname } } });
  return {
    name,
    events: [
      log.mesh({ egressFilter }),
      log.created('virtualNode', 'api', node(8080, 'http', host('api'))),
      log.created('virtualNode', 'search', node(9200, 'tcp', host('search'))),
      log.created('virtualService', host('api'), { provider: { virtualNode: { virtualNodeName: 'api' } } }),
      log.created('virtualService', host('search'), { provider: { virtualNode: { virtualNodeName: 'search' } } }),
      log.created('virtualService', host('pending'), {}),
      log.created('virtualNode', 'app', app),
    ],
  };
}

export const meshes = [egressMesh('egress-allow-all', { type: 'ALLOW_ALL' }), egressMesh('egress-drop-all', { type: 'DROP_ALL' })];
