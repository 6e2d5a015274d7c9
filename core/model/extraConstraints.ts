// Constraints App Mesh enforces server-side but the published model omits, and
// the limits of what Weft can store and Envoy can carry. They are checked after
// the model's own min/max/pattern/enum; each says why in its message.
import { serviceNameMaxBytes } from './storeLimits.js';

/**
 * `says` is the pattern in words, for the error message. `maxBytes` counts UTF-8
 * bytes (DynamoDB key limits are in bytes); `re2` asks for a regular
 * expression that Envoy's RE2 engine compiles.
 */
export type ExtraStringRule = {
  readonly pattern?: string;
  readonly says?: string;
  readonly min?: number;
  readonly max?: number;
  readonly maxBytes?: number;
  readonly re2?: true;
};

/** Bounds for integer and long shapes the model leaves open. */
export type NumberBounds = { readonly min: number; readonly max: number; readonly why: string };

// Letters, digits, '_', '.', '-'; never just '.' or '..', which URL handling would resolve away.
const NAME = '^(?!\\.{1,2}$)[A-Za-z0-9_.-]+$';
const nameSays = "may contain only letters, digits, '_', '.' and '-', and may not be '.' or '..'";

// Envoy's HTTP_HEADER_NAME / HTTP_HEADER_VALUE rules (strict: false) refuse exactly these three.
const NO_NUL_CR_LF = '^[^\\u0000\\r\\n]*$';
const headerSafe: ExtraStringRule = { pattern: NO_NUL_CR_LF, says: 'may not contain NUL, CR or LF (Envoy refuses them in headers)' };
const hostMatch: ExtraStringRule = { pattern: '^[^\\u0000\\r\\n*]*$', says: "may not contain '*', NUL, CR or LF" };
const nonEmpty: ExtraStringRule = { min: 1 };
const regex: ExtraStringRule = { re2: true };

/** Keyed by string shape name; applies wherever the shape is used. */
export const extraStringRules: Readonly<Record<string, ExtraStringRule>> = {
  ResourceName: { pattern: NAME, says: nameSays },
  // The model sets no length; the state table's keys do (storeLimits.ts).
  ServiceName: { pattern: NAME, says: nameSays, maxBytes: serviceNameMaxBytes },
  Hostname: { ...headerSafe, min: 1 },
  HeaderName: headerSafe,
  // Each becomes an Envoy domain, where '*' is a wildcard only at either end and only once.
  ExactHostName: hostMatch,
  SuffixHostname: hostMatch,
  SdsSecretName: nonEmpty,
  VirtualGatewaySdsSecretName: nonEmpty,
  // Envoy: QueryParameterMatcher.name is 1 to 1024 bytes.
  QueryParameterName: { min: 1, maxBytes: 1024 },
  HttpPathRegex: regex,
};

// A nextToken is base64url of `{"after": <name>}`; anything longer than a name
// can make would push the page's start key past DynamoDB's limit.
const nextToken: ExtraStringRule = { pattern: '^[A-Za-z0-9_-]+$', says: 'is not a token this API issued', max: 900 };

// An App Mesh ARN names resources; their names follow the same rules as names
// given directly, so a Describe or TagResource never reaches the store with a
// key it cannot hold. ARNs of other services pass (they are answered 404).
const SEG = '(?!\\.{1,2}(?:/|$))[A-Za-z0-9_.-]{1,255}';
const SVC = `(?!\\.{1,2}$)[A-Za-z0-9_.-]{1,${serviceNameMaxBytes}}`;
const resourceArn: ExtraStringRule = {
  pattern: `^(?!arn:aws[a-z-]*:appmesh:)|^arn:aws[a-z-]*:appmesh:[^:]*:[^:]*:mesh/${SEG}(?:/(?:virtualNode|virtualRouter|virtualGateway)/${SEG}|/virtualService/${SVC}|/virtualRouter/${SEG}/route/${SEG}|/virtualGateway/${SEG}/gatewayRoute/${SEG})?$`,
  says: `must be an App Mesh resource ARN whose names are 1-255 letters, digits, '_', '.' or '-' (virtual services up to ${serviceNameMaxBytes})`,
};

/** Keyed by `Structure.member`, for members whose shape is shared with members that need no such rule. */
export const extraMemberRules: Readonly<Record<string, ExtraStringRule>> = {
  'HeaderMatchMethod.regex': regex,
  'GrpcRouteMetadataMatchMethod.regex': regex,
  'GrpcMetadataMatchMethod.regex': regex,
  'HealthCheckPolicy.path': headerSafe,
  'VirtualGatewayHealthCheckPolicy.path': headerSafe,
  'ListTagsForResourceInput.resourceArn': resourceArn,
  'TagResourceInput.resourceArn': resourceArn,
  'UntagResourceInput.resourceArn': resourceArn,
  ...Object.fromEntries(
    ['ListMeshes', 'ListVirtualNodes', 'ListVirtualRouters', 'ListRoutes', 'ListVirtualServices', 'ListVirtualGateways', 'ListGatewayRoutes', 'ListTagsForResource'].map((op) => [
      `${op}Input.nextToken`,
      nextToken,
    ]),
  ),
};

/**
 * The model's `integer` is a 32-bit int on App Mesh's side, so larger values
 * never got through; a `long` is held here as a JSON number, exact only up to
 * 2^53 - 1 (and DynamoDB's marshaller refuses anything beyond).
 */
export const numberBounds: Readonly<Record<'integer' | 'long', NumberBounds>> = {
  integer: { min: -2147483648, max: 2147483647, why: 'a 32-bit integer' },
  long: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, why: 'the largest integer stored exactly' },
};

/** Members marked `idempotencyToken` (clientToken): up to 64 letters, digits, '-' or '_'. */
export const idempotencyTokenRule: ExtraStringRule = { pattern: '^[A-Za-z0-9_-]+$', says: "may contain only letters, digits, '_' and '-'", max: 64 };

export function extraRuleFor(shapeName: string): ExtraStringRule | undefined {
  return Object.hasOwn(extraStringRules, shapeName) ? extraStringRules[shapeName] : undefined;
}

export function extraMemberRuleFor(structure: string, member: string): ExtraStringRule | undefined {
  const key = `${structure}.${member}`;
  return Object.hasOwn(extraMemberRules, key) ? extraMemberRules[key] : undefined;
}
