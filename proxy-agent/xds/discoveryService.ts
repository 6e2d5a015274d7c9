// The ADS service as @grpc/proto-loader builds it, shared by the server and
// the tests' clients so both speak exactly the same message shapes.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { AnyMessage } from './envoyMessages.js';
import { protoIncludeDirs } from './envoyMessages.js';

// camelCase fields (keepCase false), like the resources; Any keeps `type_url` (see AnyMessage).
// Repeated and map fields always present, so handlers need no `?? []`.
const loaderOptions: protoLoader.Options = {
  keepCase: false, longs: Number, enums: String, defaults: false, arrays: true, objects: true, oneofs: true,
  includeDirs: protoIncludeDirs,
};

export interface Node {
  id?: string;
  cluster?: string;
  userAgentName?: string;
}

export interface Status {
  code?: number;
  message?: string;
}

export interface DiscoveryRequest {
  versionInfo?: string;
  node?: Node;
  resourceNames: string[];
  typeUrl?: string;
  responseNonce?: string;
  errorDetail?: Status;
}

export interface DiscoveryResponse {
  versionInfo: string;
  resources: AnyMessage[];
  typeUrl: string;
  nonce: string;
}

export interface DeltaDiscoveryRequest {
  node?: Node;
  typeUrl?: string;
  resourceNamesSubscribe: string[];
  resourceNamesUnsubscribe: string[];
  initialResourceVersions: Record<string, string>;
  responseNonce?: string;
  errorDetail?: Status;
}

export interface DeltaResource {
  name: string;
  version: string;
  resource?: AnyMessage;
}

export interface DeltaDiscoveryResponse {
  systemVersionInfo: string;
  resources: DeltaResource[];
  typeUrl: string;
  removedResources: string[];
  nonce: string;
}

const serviceName = 'envoy.service.discovery.v3.AggregatedDiscoveryService';
let packageDefinition: protoLoader.PackageDefinition | undefined;

function adsPackage(): protoLoader.PackageDefinition {
  packageDefinition ??= protoLoader.loadSync('envoy/service/discovery/v3/ads.proto', loaderOptions);
  return packageDefinition;
}

export function adsServiceDefinition(): grpc.ServiceDefinition {
  return adsPackage()[serviceName] as grpc.ServiceDefinition;
}

/** The generated client class, for anything that wants to talk ADS (tests, tools). */
export function adsClientConstructor(): grpc.ServiceClientConstructor {
  return grpc.makeGenericClientConstructor(adsServiceDefinition(), serviceName);
}
