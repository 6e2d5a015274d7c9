// Golden mesh `discovery`: how callers find nodes. DNS with LOADBALANCER
// (LOGICAL_DNS) and ENDPOINTS (STRICT_DNS) response types, each IP
// preference, the mesh-level preference for nodes that set none, and Cloud
// Map nodes whose EDS assignments come from registered instances filtered by
// attributes. The caller itself has no listeners and no service discovery.
import type { VirtualNodeSpec } from '../../../../core/model/appMeshTypes.js';
import { meshLog } from '../../../../core/projection/compile/meshLog.testSupport.js';

const listener = { portMapping: { port: 8080, protocol: 'http' } } as const;
const dnsNode = (name: string, dns: object): VirtualNodeSpec => ({ listeners: [listener], serviceDiscovery: { dns: { hostname: `${name}.discovery.local`, ...dns } } });

const nodes: Record<string, VirtualNodeSpec> = {
  'dns-lb': dnsNode('dns-lb', { responseType: 'LOADBALANCER', ipPreference: 'IPv4_ONLY' }),
  'dns-endpoints': dnsNode('dns-endpoints', { responseType: 'ENDPOINTS', ipPreference: 'IPv6_ONLY' }),
  'dns-mesh-default': dnsNode('dns-mesh-default', {}),
  /** Only instances with both attributes, IPv6 first; callers health-check every endpoint. */
  inventory: {
    listeners: [{ ...listener, healthCheck: { protocol: 'http', path: '/health', port: 8080, healthyThreshold: 2, unhealthyThreshold: 2, intervalMillis: 5000, timeoutMillis: 2000 } }],
    serviceDiscovery: {
      awsCloudMap: { namespaceName: 'discovery.local', serviceName: 'inventory', attributes: [{ key: 'stage', value: 'blue' }, { key: 'zone', value: 'a' }], ipPreference: 'IPv6_PREFERRED' },
    },
  },
  /** No attributes and no preference of its own: every instance, by the mesh's IPv4_PREFERRED. */
  billing: { listeners: [{ portMapping: { port: 9090, protocol: 'grpc' } }], serviceDiscovery: { awsCloudMap: { namespaceName: 'discovery.local', serviceName: 'billing' } } },
  /** IPv4_ONLY drops instances registered with IPv6 alone. */
  audit: { listeners: [{ portMapping: { port: 7000, protocol: 'tcp' } }], serviceDiscovery: { awsCloudMap: { namespaceName: 'discovery.local', serviceName: 'audit', ipPreference: 'IPv4_ONLY' } } },
  /** Registered nowhere yet: an empty assignment. */
  reports: { listeners: [listener], serviceDiscovery: { awsCloudMap: { namespaceName: 'discovery.local', serviceName: 'reports' } } },
};

const instance = (service: string, instanceId: string, address: { ipv4?: string; ipv6?: string }, attributes: Record<string, string> = {}) => ({
  namespace: 'discovery.local',
  service,
  instanceId,
  port: 31000,
  attributes,
  ...address,
});

const log = meshLog('discovery');

export const meshes = [
  {
    name: 'discovery',
    events: [
      log.mesh({ serviceDiscovery: { ipPreference: 'IPv4_PREFERRED' } }),
      ...Object.entries(nodes).map(([name, spec]) => log.created('virtualNode', name, spec)),
      ...Object.keys(nodes).map((name) => log.created('virtualService', `${name}.discovery.local`, { provider: { virtualNode: { virtualNodeName: name } } })),
      log.created('virtualNode', 'client', { backends: Object.keys(nodes).map((name) => ({ virtualService: { virtualServiceName: `${name}.discovery.local` } })) }),
    ],
    // Out of id order on purpose: endpoints are listed by instance id.
    instances: [
      instance('inventory', 'i-3', { ipv4: '10.0.1.3' }, { stage: 'blue', zone: 'a' }),
      instance('inventory', 'i-1', { ipv4: '10.0.1.1', ipv6: 'fd00::1:1' }, { stage: 'blue', zone: 'a', team: 'stock' }),
      instance('inventory', 'i-2', { ipv4: '10.0.1.2', ipv6: 'fd00::1:2' }, { stage: 'green', zone: 'a' }),
      instance('inventory', 'i-4', { ipv6: 'fd00::1:4' }, { stage: 'blue', zone: 'b' }),
      instance('billing', 'b-1', { ipv4: '10.0.2.1', ipv6: 'fd00::2:1' }),
      instance('billing', 'b-2', { ipv6: 'fd00::2:2' }),
      instance('audit', 'a-1', { ipv4: '10.0.3.1' }),
      instance('audit', 'a-2', { ipv6: 'fd00::3:2' }),
    ],
  },
];
