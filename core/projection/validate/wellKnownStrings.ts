// PGV's well-known string formats, as its C++ and Go validators define them
// (hostname per RFC 1034, addresses as Go's net.ParseIP reads them, and the
// RFC 7230 header patterns behind well_known_regex).

export function isHostname(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => label.length > 0 && label.length <= 63 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label));
}

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv6(s: string): boolean {
  if (s.includes('%')) return false;
  let groups = s.split(':');
  let tail = 0;
  const last = groups[groups.length - 1] ?? '';
  if (last.includes('.')) {
    if (!isIpv4(last)) return false;
    groups = groups.slice(0, -1).concat(['0', '0']);
    tail = 2;
  }
  const hex = /^[0-9A-Fa-f]{1,4}$/;
  const doubleColon = s.indexOf('::');
  if (doubleColon !== s.lastIndexOf('::')) return false;
  if (doubleColon === -1) return groups.length === 8 && groups.every((g) => hex.test(g));
  const [head = '', rest = ''] = (tail ? groups.join(':') : s).split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  return left.length + right.length < 8 && [...left, ...right].every((g) => hex.test(g));
}

export const isIp = (s: string) => isIpv4(s) || isIpv6(s);

export function isEmail(s: string): boolean {
  const address = /^.*<(.+)>$/.exec(s)?.[1] ?? s;
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.length > 254) return false;
  const local = address.slice(0, at);
  return local.length <= 64 && isHostname(address.slice(at + 1));
}

export function isUri(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

export function isUriRef(s: string): boolean {
  try {
    new URL(s, 'http://base.invalid/');
    return !/\s/.test(s);
  } catch {
    return false;
  }
}

export const isUuid = (s: string) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);

// PGV's patterns for well_known_regex; `strict: false` (which Envoy sets everywhere) only refuses NUL, CR and LF.
const headerName = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
// eslint-disable-next-line no-control-regex
const headerValue = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
// eslint-disable-next-line no-control-regex
const headerString = /^[^\u0000\u000A\u000D]*$/;

export function matchesWellKnownRegex(kind: string, strict: boolean, s: string): boolean {
  if (kind === 'HTTP_HEADER_NAME') return (strict ? headerName : headerString).test(s);
  if (kind === 'HTTP_HEADER_VALUE') return (strict ? headerValue : headerString).test(s);
  return true;
}
