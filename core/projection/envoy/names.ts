// App Mesh's Envoy resource names, kept so existing dashboards and alarms that
// filter on them keep working after the move (DESIGN.md, Compatibility contract).

export const ingressListenerPort = 15000;
export const egressListenerPort = 15001;

export const ingressListenerName = `lds_ingress_0.0.0.0_${ingressListenerPort}`;
export const egressListenerName = `lds_egress_0.0.0.0_${egressListenerPort}`;
/** Virtual gateways listen on their own ports. */
export const gatewayListenerName = (port: number) => `lds_ingress_0.0.0.0_${port}`;
/**
 * A virtual gateway's second hop: App Mesh bound it on 0.0.0.0, where anyone
 * could skip the gateway's routes and TLS; only the self-redirect clusters
 * need it, so Weft binds it on loopback and names it for that address.
 */
export const gatewayEgressAddress = '127.0.0.1';
export const gatewayEgressListenerName = `lds_egress_${gatewayEgressAddress}_${egressListenerPort}`;

export const ingressClusterName = (mesh: string, node: string, protocol: string, port: number) => `cds_ingress_${mesh}_${node}_${protocol}_${port}`;
export const egressClusterName = (mesh: string, node: string, protocol: string, port: number) => `cds_egress_${mesh}_${node}_${protocol}_${port}`;
/** Where ALLOW_ALL sends traffic that matches no backend (App Mesh's `<mesh>_mesh-allow-all`). */
export const allowAllClusterName = (mesh: string) => `cds_egress_${mesh}_mesh-allow-all`;
/** AWS APIs (`*.amazonaws.com` on 443), which App Mesh let through whatever the egress filter. */
export const awsServicesClusterName = (mesh: string) => `cds_egress_${mesh}_amazonaws`;

/**
 * A virtual gateway's first hop loops back to its own egress listener through
 * this cluster (App Mesh's `..._self_redirect_<protocol>_15001`); with several
 * listeners each has its own, named with the listener's port as well.
 */
export const selfRedirectClusterName = (mesh: string, gateway: string, protocol: string, listenerPort?: number) =>
  `cds_ingress_${mesh}_${gateway}_self_redirect_${listenerPort !== undefined ? `${listenerPort}_` : ''}${protocol}_${egressListenerPort}`;

export const ingressRouteConfigName = (protocol: string, port: number) => `rds_ingress_${protocol}_${port}`;
export const egressRouteConfigName = (protocol: string, port: number) => `rds_egress_${protocol}_${port}`;

/** The HTTP connection manager's stat prefix per listener, which the Envoy image's `appmesh.listener_protocol` / `appmesh.listener_port` tags parse. */
export const ingressStatPrefix = (protocol: string, port: number) => `ingress.${protocol}.${port}`;
/** Outbound traffic kept App Mesh's single prefix. */
export const egressStatPrefix = 'egress';

/** Envoy's node id and cluster, as App Mesh's image derived them from APPMESH_RESOURCE_ARN. */
export const envoyNodeId = (mesh: string, kind: 'virtualNode' | 'virtualGateway', name: string) => `mesh/${mesh}/${kind}/${name}`;
