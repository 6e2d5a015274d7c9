// The ADS service definition, built from the agent's Envoy descriptor and
// shared by the server and the tests' clients, so both speak exactly the same
// message shapes. (@grpc/proto-loader would parse the .proto files again.)
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs/light.js';
import type { AnyMessage } from './envoyMessages.js';
import { envoyDescriptor } from './envoyMessages.js';
import { adsMessageTypes, protobufRoot } from './protoDescriptor.js';

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

// As @grpc/proto-loader would present them: camelCase fields (Any keeps
// `type_url`, see AnyMessage); repeated and map fields always present, so
// handlers need no `?? []`.
const objectOptions: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: false, arrays: true, objects: true, oneofs: true };

let discoveryRoot: protobuf.Root | undefined;

function codec(typeName: string) {
  // Reflection for the ADS messages and what they reach (~30 types), not for every Envoy type.
  discoveryRoot ??= protobufRoot(envoyDescriptor, Object.values(adsMessageTypes));
  const type = discoveryRoot.lookupType(typeName);
  return {
    serialize: (message: object) => Buffer.from(type.encode(type.fromObject(message)).finish()),
    deserialize: (bytes: Buffer) => type.toObject(type.decode(bytes), objectOptions),
  };
}

function bidiStream(method: string, request: string, response: string): grpc.MethodDefinition<object, object> {
  const req = codec(request);
  const res = codec(response);
  return {
    path: `/${serviceName}/${method}`,
    requestStream: true,
    responseStream: true,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: method[0]?.toLowerCase() + method.slice(1),
  };
}

let definition: grpc.ServiceDefinition | undefined;

export function adsServiceDefinition(): grpc.ServiceDefinition {
  definition ??= {
    StreamAggregatedResources: bidiStream('StreamAggregatedResources', adsMessageTypes.request, adsMessageTypes.response),
    DeltaAggregatedResources: bidiStream('DeltaAggregatedResources', adsMessageTypes.deltaRequest, adsMessageTypes.deltaResponse),
  };
  return definition;
}

/** The generic client class, for anything that wants to talk ADS (tests, tools). */
export function adsClientConstructor(): grpc.ServiceClientConstructor {
  return grpc.makeGenericClientConstructor(adsServiceDefinition(), serviceName);
}
