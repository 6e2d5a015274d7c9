import { badRequest } from '../../errors.js';
import { validateShape } from '../../model/validateShape.js';
import type { Instance, InstanceKey, ServiceKey } from './instance.js';
import { isIpv4, isIpv6 } from './ipAddress.js';

// Names as Cloud Map allows them, with two narrowings: a namespace has no '/'
// (a registry stream splits on it) and at most 253 characters (a DNS name's
// limit, and it keeps DynamoDB keys under their size limits).
const namespacePattern = /^(?!arn:)[!-.0-~]{1,253}$/;
const label = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const servicePattern = new RegExp(`^(?=.{1,127}$)${label}(?:\\.${label})*$`);
const instanceIdPattern = /^[0-9A-Za-z_/:.@-]{1,64}$/;

export const ttlSeconds = { default: 30, min: 5, max: 3600 } as const;
/** Cloud Map's limit on custom attributes per instance. */
export const maxAttributes = 30;
/** Cloud Map derives these from the instance's address and port; here they are fields of their own. */
const reservedAttributes = ['AWS_INSTANCE_IPV4', 'AWS_INSTANCE_IPV6', 'AWS_INSTANCE_PORT'];

/** Whether a node's `awsCloudMap` names a service that could ever be registered here. */
export const isRegistrableService = (key: ServiceKey): boolean => namespacePattern.test(key.namespace) && servicePattern.test(key.service);

export function serviceKeyOf(namespace: string, service: string): ServiceKey {
  if (!namespacePattern.test(namespace)) throw badRequest(`namespaceName: must be 1-253 printable ASCII characters other than '/', not starting with 'arn:' (got '${namespace.slice(0, 64)}')`);
  if (!servicePattern.test(service)) throw badRequest(`serviceName: must be a DNS-style name of at most 127 characters: labels of letters, digits, '-' and '_', separated by '.' (got '${service.slice(0, 64)}')`);
  return { namespace, service };
}

export function instanceKeyOf(namespace: string, service: string, instanceId: string): InstanceKey {
  const key = serviceKeyOf(namespace, service);
  if (!instanceIdPattern.test(instanceId)) throw badRequest(`instanceId: must be 1-64 letters, digits or any of _/:.@- (got '${instanceId.slice(0, 80)}')`);
  return { ...key, instanceId };
}

/** A RegisterInstance body, checked field by field: `{ ipv4?, ipv6?, port, attributes?, ttlSeconds? }`. */
export function registrationOf(key: InstanceKey, body: Readonly<Record<string, unknown>>): Instance {
  const known = new Set(['ipv4', 'ipv6', 'port', 'attributes', 'ttlSeconds']);
  const unknown = Object.keys(body).find((k) => !known.has(k));
  if (unknown !== undefined) throw badRequest(`${unknown}: is not a field of an instance registration (expected ${[...known].join(', ')})`);
  const { ipv4, ipv6, port, attributes = {}, ttlSeconds: ttl = ttlSeconds.default } = body;
  if (ipv4 === undefined && ipv6 === undefined) throw badRequest('ipv4: an instance needs an ipv4 or an ipv6 address, or both');
  if (ipv4 !== undefined && (typeof ipv4 !== 'string' || !isIpv4(ipv4))) throw badRequest(`ipv4: must be a dotted-quad IPv4 address (got ${JSON.stringify(ipv4)})`);
  if (ipv6 !== undefined && (typeof ipv6 !== 'string' || !isIpv6(ipv6))) throw badRequest(`ipv6: must be an IPv6 address (got ${JSON.stringify(ipv6)})`);
  if (!isIntegerIn(port, 1, 65535)) throw badRequest(`port: must be an integer from 1 to 65535 (got ${JSON.stringify(port)})`);
  if (!isIntegerIn(ttl, ttlSeconds.min, ttlSeconds.max)) throw badRequest(`ttlSeconds: must be an integer from ${ttlSeconds.min} to ${ttlSeconds.max} (got ${JSON.stringify(ttl)})`);
  return {
    ...key,
    ...(ipv4 !== undefined ? { ipv4: ipv4 as string } : {}),
    ...(ipv6 !== undefined ? { ipv6: ipv6 as string } : {}),
    port: port as number,
    attributes: attributesOf(attributes),
    ttlSeconds: ttl as number,
  };
}

function attributesOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('attributes: must be an object of string keys to string values');
  const entries = Object.entries(value);
  if (entries.length > maxAttributes) throw badRequest(`attributes: at most ${maxAttributes} attributes are allowed (got ${entries.length})`);
  for (const [key, attribute] of entries) {
    if (reservedAttributes.includes(key)) throw badRequest(`attributes: '${key}' is set from the ipv4, ipv6 and port fields`);
    // The same key and value shapes App Mesh's awsCloudMap attribute filters use.
    const issue = validateShape('AwsCloudMapInstanceAttributeKey', key, 'attributes key') ?? validateShape('AwsCloudMapInstanceAttributeValue', attribute, `attributes.${key.slice(0, 64)}`);
    if (issue) throw badRequest(issue.message);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

const isIntegerIn = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
