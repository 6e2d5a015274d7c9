// The seven App Mesh resource types and the facts about each that the API,
// the deciders and the stores share. One table, so adding a field to a kind
// happens in one place.

export type ResourceKind =
  | 'mesh'
  | 'virtualService'
  | 'virtualNode'
  | 'virtualRouter'
  | 'route'
  | 'virtualGateway'
  | 'gatewayRoute';

export interface KindInfo {
  readonly kind: ResourceKind;
  /** PascalCase, as in operation and event names: `VirtualNode`. */
  readonly typeName: string;
  /** Plural as in List operations and their output member: `virtualNodes`. */
  readonly plural: string;
  /** Words for messages: `virtual node`. */
  readonly label: string;
  /** The member that names the resource in inputs and Data shapes. */
  readonly nameField: string;
  /** Routes live under a router, gateway routes under a gateway. */
  readonly parent?: { readonly kind: ResourceKind; readonly nameField: string };
}

const kinds: Record<ResourceKind, KindInfo> = {
  mesh: { kind: 'mesh', typeName: 'Mesh', plural: 'meshes', label: 'mesh', nameField: 'meshName' },
  virtualService: { kind: 'virtualService', typeName: 'VirtualService', plural: 'virtualServices', label: 'virtual service', nameField: 'virtualServiceName' },
  virtualNode: { kind: 'virtualNode', typeName: 'VirtualNode', plural: 'virtualNodes', label: 'virtual node', nameField: 'virtualNodeName' },
  virtualRouter: { kind: 'virtualRouter', typeName: 'VirtualRouter', plural: 'virtualRouters', label: 'virtual router', nameField: 'virtualRouterName' },
  route: {
    kind: 'route', typeName: 'Route', plural: 'routes', label: 'route', nameField: 'routeName',
    parent: { kind: 'virtualRouter', nameField: 'virtualRouterName' },
  },
  virtualGateway: { kind: 'virtualGateway', typeName: 'VirtualGateway', plural: 'virtualGateways', label: 'virtual gateway', nameField: 'virtualGatewayName' },
  gatewayRoute: {
    kind: 'gatewayRoute', typeName: 'GatewayRoute', plural: 'gatewayRoutes', label: 'gateway route', nameField: 'gatewayRouteName',
    parent: { kind: 'virtualGateway', nameField: 'virtualGatewayName' },
  },
};

export const allKinds = Object.keys(kinds) as ResourceKind[];

export function kindInfo(kind: ResourceKind): KindInfo {
  return kinds[kind];
}

export function kindByTypeName(typeName: string): KindInfo | undefined {
  return Object.values(kinds).find((k) => k.typeName === typeName);
}
