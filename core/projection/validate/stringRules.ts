// PGV's string and bytes rules.
import type { Finding } from './violation.js';
import { isEmail, isHostname, isIp, isIpv4, isIpv6, isUri, isUriRef, isUuid, matchesWellKnownRegex } from './wellKnownStrings.js';

export type Compile = (pattern: string) => { test(value: string): boolean } | string;

const encoder = new TextEncoder();

/** The string rules Envoy's protos use most, checked without allocating when they pass. */
const common = new Set(['min_len', 'max_bytes', 'well_known_regex', 'strict', 'ignore_empty']);

export function stringFindings(value: string, rules: Record<string, unknown>, compile: Compile, path: string): Finding[] {
  if (rules['ignore_empty'] === true && value === '') return [];
  let commonOnly = true;
  for (const key in rules) if (!common.has(key)) commonOnly = false;
  if (commonOnly) {
    const minLen = rules['min_len'] as number | undefined;
    const maxBytes = rules['max_bytes'] as number | undefined;
    const wellKnown = rules['well_known_regex'];
    // A string of n UTF-16 units has at most n code points and at most 3n UTF-8 bytes.
    const lengthOk = (minLen === undefined || value.length >= 2 * minLen) && (maxBytes === undefined || value.length * 3 <= maxBytes);
    const formatOk = typeof wellKnown !== 'string' || matchesWellKnownRegex(wellKnown, rules['strict'] !== false, value);
    if (lengthOk && formatOk) return [];
  }
  return allStringFindings(value, rules, compile, path);
}

function allStringFindings(value: string, rules: Record<string, unknown>, compile: Compile, path: string): Finding[] {
  const out: Finding[] = [];
  const fail = (rule: string, message: string) => out.push({ path, rule: `string.${rule}`, message });
  const chars = [...value].length;
  const bytes = encoder.encode(value).length;
  const n = (rule: string) => (rules[rule] === undefined ? undefined : Number(rules[rule]));
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (rules['const'] !== undefined && value !== rules['const']) fail('const', `must equal ${JSON.stringify(rules['const'])}`);
  if (n('len') !== undefined && chars !== n('len')) fail('len', `must be ${n('len')} characters, is ${chars}`);
  if (n('min_len') !== undefined && chars < n('min_len')!) fail('min_len', `must be at least ${n('min_len')} characters, is ${chars} (${shown})`);
  if (n('max_len') !== undefined && chars > n('max_len')!) fail('max_len', `must be at most ${n('max_len')} characters, is ${chars}`);
  if (n('len_bytes') !== undefined && bytes !== n('len_bytes')) fail('len_bytes', `must be ${n('len_bytes')} bytes, is ${bytes}`);
  if (n('min_bytes') !== undefined && bytes < n('min_bytes')!) fail('min_bytes', `must be at least ${n('min_bytes')} bytes, is ${bytes}`);
  if (n('max_bytes') !== undefined && bytes > n('max_bytes')!) fail('max_bytes', `must be at most ${n('max_bytes')} bytes, is ${bytes}`);
  if (typeof rules['pattern'] === 'string') {
    const regex = compile(rules['pattern']);
    if (typeof regex === 'string') fail('pattern', `the rule's own pattern does not compile: ${regex}`);
    else if (!regex.test(value)) fail('pattern', `${shown} does not match ${rules['pattern']}`);
  }
  if (typeof rules['prefix'] === 'string' && !value.startsWith(rules['prefix'])) fail('prefix', `must start with ${JSON.stringify(rules['prefix'])}`);
  if (typeof rules['suffix'] === 'string' && !value.endsWith(rules['suffix'])) fail('suffix', `must end with ${JSON.stringify(rules['suffix'])}`);
  if (typeof rules['contains'] === 'string' && !value.includes(rules['contains'])) fail('contains', `must contain ${JSON.stringify(rules['contains'])}`);
  if (typeof rules['not_contains'] === 'string' && value.includes(rules['not_contains'])) fail('not_contains', `must not contain ${JSON.stringify(rules['not_contains'])}`);
  const list = (name: string) => (Array.isArray(rules[name]) ? (rules[name] as unknown[]) : rules[name] === undefined ? [] : [rules[name]]);
  if (rules['in'] !== undefined && !list('in').includes(value)) fail('in', `${shown} must be one of ${list('in').map((x) => JSON.stringify(x)).join(', ')}`);
  if (list('not_in').includes(value)) fail('not_in', `${shown} must not be one of ${list('not_in').map((x) => JSON.stringify(x)).join(', ')}`);
  const formats: [string, (s: string) => boolean, string][] = [
    ['email', isEmail, 'an email address'], ['hostname', isHostname, 'a hostname'], ['ip', isIp, 'an IP address'], ['ipv4', isIpv4, 'an IPv4 address'],
    ['ipv6', isIpv6, 'an IPv6 address'], ['uri', isUri, 'an absolute URI'], ['uri_ref', isUriRef, 'a URI reference'],
    ['address', (s) => isHostname(s) || isIp(s), 'a hostname or IP address'], ['uuid', isUuid, 'a UUID'],
  ];
  for (const [rule, test, what] of formats) if (rules[rule] === true && !test(value)) fail(rule, `${shown} must be ${what}`);
  const wellKnown = rules['well_known_regex'];
  if (typeof wellKnown === 'string' && !matchesWellKnownRegex(wellKnown, rules['strict'] !== false, value)) {
    fail('well_known_regex', `${shown} is not a valid ${wellKnown === 'HTTP_HEADER_NAME' ? 'HTTP header name' : 'HTTP header value'}${rules['strict'] === false ? ' (it holds NUL, CR or LF)' : ''}`);
  }
  return out;
}

/** Bytes in object form are base64 (or a Uint8Array); PGV's bytes rules work on the raw bytes. */
export function bytesFindings(value: string | Uint8Array, rules: Record<string, unknown>, compile: Compile, path: string): Finding[] {
  const raw = typeof value === 'string' ? base64Bytes(value) : value;
  if (rules['ignore_empty'] === true && raw.length === 0) return [];
  const out: Finding[] = [];
  const fail = (rule: string, message: string) => out.push({ path, rule: `bytes.${rule}`, message });
  const latin = String.fromCharCode(...raw);
  const n = (rule: string) => (rules[rule] === undefined ? undefined : Number(rules[rule]));
  const asBytes = (v: unknown) => (typeof v === 'string' ? v : '');
  if (rules['const'] !== undefined && latin !== asBytes(rules['const'])) fail('const', 'must equal the given bytes');
  if (n('len') !== undefined && raw.length !== n('len')) fail('len', `must be ${n('len')} bytes, is ${raw.length}`);
  if (n('min_len') !== undefined && raw.length < n('min_len')!) fail('min_len', `must be at least ${n('min_len')} bytes, is ${raw.length}`);
  if (n('max_len') !== undefined && raw.length > n('max_len')!) fail('max_len', `must be at most ${n('max_len')} bytes, is ${raw.length}`);
  if (typeof rules['pattern'] === 'string') {
    const regex = compile(rules['pattern']);
    if (typeof regex === 'string' || !regex.test(new TextDecoder().decode(raw))) fail('pattern', `does not match ${rules['pattern']}`);
  }
  if (typeof rules['prefix'] === 'string' && !latin.startsWith(rules['prefix'])) fail('prefix', 'must start with the given bytes');
  if (typeof rules['suffix'] === 'string' && !latin.endsWith(rules['suffix'])) fail('suffix', 'must end with the given bytes');
  if (typeof rules['contains'] === 'string' && !latin.includes(rules['contains'])) fail('contains', 'must contain the given bytes');
  const list = (name: string) => (Array.isArray(rules[name]) ? (rules[name] as unknown[]) : rules[name] === undefined ? [] : [rules[name]]);
  if (rules['in'] !== undefined && !list('in').some((x) => asBytes(x) === latin)) fail('in', 'must be one of the given values');
  if (list('not_in').some((x) => asBytes(x) === latin)) fail('not_in', 'must not be one of the given values');
  if (rules['ip'] === true && raw.length !== 4 && raw.length !== 16) fail('ip', `must be 4 or 16 bytes, is ${raw.length}`);
  if (rules['ipv4'] === true && raw.length !== 4) fail('ipv4', `must be 4 bytes, is ${raw.length}`);
  if (rules['ipv6'] === true && raw.length !== 16) fail('ipv6', `must be 16 bytes, is ${raw.length}`);
  return out;
}

function base64Bytes(s: string): Uint8Array {
  const binary = atob(s.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
