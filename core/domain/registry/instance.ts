/**
 * Weft's stand-in for Cloud Map's instance list: instances registered under a
 * (namespace, service) pair, which App Mesh nodes name in
 * `serviceDiscovery.awsCloudMap`.
 */
export interface ServiceKey {
  readonly namespace: string;
  readonly service: string;
}

export interface InstanceKey extends ServiceKey {
  readonly instanceId: string;
}

export interface Instance extends InstanceKey {
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly port: number;
  readonly attributes: Readonly<Record<string, string>>;
  /** Seconds without a heartbeat after which the sweeper expires the instance. */
  readonly ttlSeconds: number;
}

export type RegistryEventType = 'InstanceRegistered' | 'InstanceDeregistered' | 'InstanceExpired';

/** One change to a service's instance list, carrying the full instance so the log alone rebuilds the list. */
export interface RegistryEvent {
  readonly type: RegistryEventType;
  readonly instance: Instance;
  readonly actor: string;
  readonly requestId: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export interface StoredRegistryEvent extends RegistryEvent {
  readonly stream: string;
  readonly version: number;
}

// Mesh names cannot contain '@' and registry names cannot contain '/' in the
// namespace, so a registry stream never collides with a mesh's and splits back
// unambiguously.
const streamPrefix = '@registry/';

/** One event stream per Cloud Map service, in the same events table as the meshes'. */
export const registryStreamOf = (key: ServiceKey): string => `${streamPrefix}${key.namespace}/${key.service}`;

export const isRegistryStream = (stream: string): boolean => stream.startsWith(streamPrefix);

export function serviceOfStream(stream: string): ServiceKey | undefined {
  if (!isRegistryStream(stream)) return undefined;
  const rest = stream.slice(streamPrefix.length);
  const slash = rest.indexOf('/');
  return slash > 0 && slash < rest.length - 1 ? { namespace: rest.slice(0, slash), service: rest.slice(slash + 1) } : undefined;
}

/** Same registration: a re-register with it only refreshes the heartbeat. */
export function sameRegistration(a: Instance, b: Instance): boolean {
  const attributes = (i: Instance) => JSON.stringify(Object.entries(i.attributes).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return a.ipv4 === b.ipv4 && a.ipv6 === b.ipv6 && a.port === b.port && a.ttlSeconds === b.ttlSeconds && attributes(a) === attributes(b);
}
