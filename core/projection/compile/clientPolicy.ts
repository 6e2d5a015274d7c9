import type { ClientPolicyTls } from '../../model/appMeshTypes.js';
import type { Resource } from '../../domain/resource.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any } from '../envoy/proto.js';
import type { Protocol, ResolvedRoute, Target } from './resolveService.js';
import { nodeSpec } from './resolveService.js';
import { alpn, certificateContext, validationContext } from './tls.js';

type Json = Record<string, unknown>;

/**
 * The client TLS policy for a target port reached through one backend: the
 * backend's own policy if it has one, else the node's backendDefaults. It
 * applies unless `enforce` is false, and only to the listed target ports
 * when `ports` is given.
 */
export function clientTls(node: Resource, serviceName: string, targetPort: number): ClientPolicyTls | undefined {
  const spec = nodeSpec(node);
  const backend = spec.backends?.find((b) => b.virtualService?.virtualServiceName === serviceName);
  const tls = backend?.virtualService?.clientPolicy?.tls ?? spec.backendDefaults?.clientPolicy?.tls;
  return tlsAppliesTo(tls, targetPort) ? tls : undefined;
}

export function tlsAppliesTo<T extends { readonly enforce?: boolean; readonly ports?: readonly number[] }>(tls: T | undefined, port: number): tls is T {
  return tls !== undefined && tls.enforce !== false && (!tls.ports?.length || tls.ports.includes(port));
}

/**
 * The policy each egress cluster gets. A cluster is one target node port
 * (App Mesh's naming, which dashboards rely on), so two backends reaching
 * the same port with different policies share it: like App Mesh, which keyed
 * clusters by target, the first backend in name order decides.
 */
export function clientTlsByCluster(
  node: Resource,
  backends: readonly { readonly service: string; readonly routes: readonly ResolvedRoute[] }[],
  clusterName: (t: Target) => string,
): Map<string, ClientPolicyTls | undefined> {
  const policies = new Map<string, ClientPolicyTls | undefined>();
  const ordered = [...backends].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  for (const { service, routes } of ordered) {
    for (const target of routes.flatMap((r) => r.targets)) {
      const name = clusterName(target);
      if (!policies.has(name)) policies.set(name, clientTls(node, service, target.port));
    }
  }
  return policies;
}

/** Upstream TLS on an egress cluster; SNI is the target's DNS name when it has one. */
export function upstreamTransportSocket(tls: ClientPolicyTls, sni: string | undefined, protocol: Protocol): Json {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: any(anyTypes.upstreamTls, {
      commonTlsContext: { ...certificateContext(tls.certificate), ...validationContext(tls.validation), ...alpn(protocol) },
      ...(sni ? { sni } : {}),
    }),
  };
}
