// Address checks for registrations. core/ cannot use node:net, and these are
// small: dotted-quad IPv4, and RFC 4291 text IPv6 (one '::' at most, an
// optional trailing dotted quad, no zone id since Envoy could not use it).

const octet = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const hextet = /^[0-9A-Fa-f]{1,4}$/;

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => octet.test(p));
}

export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all = [...head, ...tail];
  // An embedded IPv4 address may only come last, and counts as two groups.
  const last = all[all.length - 1];
  const embedded = last !== undefined && last.includes('.');
  if (embedded && !isIpv4(last)) return false;
  const hex = embedded ? all.slice(0, -1) : all;
  if (!hex.every((g) => hextet.test(g))) return false;
  const count = hex.length + (embedded ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}
