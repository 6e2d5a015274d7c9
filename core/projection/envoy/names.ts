// App Mesh's Envoy resource names, kept so existing dashboards and alarms that
// filter on them keep working after the move (DESIGN.md, Compatibility contract).

export const ingressListenerPort = 15000;
export const egressListenerPort = 15001;

export const ingressListenerName = `lds_ingress_0.0.0.0_${ingressListenerPort}`;
export const egressListenerName = `lds_egress_0.0.0.0_${egressListenerPort}`;
/** Virtual gateways listen on their own ports. */
export const gatewayListenerName = (port: number) => `lds_ingress_0.0.0.0_${port}`;

export const ingressClusterName = (mesh: string, node: string, protocol: string, port: number) => `cds_ingress_${mesh}_${node}_${protocol}_${port}`;
export const egressClusterName = (mesh: string, node: string, protocol: string, port: number) => `cds_egress_${mesh}_${node}_${protocol}_${port}`;
/** Where ALLOW_ALL sends traffic that matches no backend (App Mesh's `<mesh>_mesh-allow-all`). */
export const allowAllClusterName = (mesh: string) => `cds_egress_${mesh}_mesh-allow-all`;
/** AWS APIs (`*.amazonaws.com` on 443), which App Mesh let through whatever the egress filter. */
export const awsServicesClusterName = (mesh: string) => `cds_egress_${mesh}_amazonaws`;

export const ingressRouteConfigName = (protocol: string, port: number) => `rds_ingress_${protocol}_${port}`;
export const egressRouteConfigName = (protocol: string, port: number) => `rds_egress_${protocol}_${port}`;

/** Envoy's node id and cluster, as App Mesh's image derived them from APPMESH_RESOURCE_ARN. */
export const envoyNodeId = (mesh: string, kind: 'virtualNode' | 'virtualGateway', name: string) => `mesh/${mesh}/${kind}/${name}`;
