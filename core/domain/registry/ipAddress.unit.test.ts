import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv6 } from './ipAddress.js';

describe('registration addresses', () => {
  it('accepts dotted-quad IPv4 and nothing looser', () => {
    for (const ok of ['10.0.0.1', '0.0.0.0', '255.255.255.255', '192.0.2.44']) expect(isIpv4(ok), ok).toBe(true);
    for (const bad of ['256.0.0.1', '10.0.0', '10.0.0.1.2', '010.0.0.1', '1.2.3.x', '', ' 10.0.0.1']) expect(isIpv4(bad), bad).toBe(false);
  });

  it('accepts IPv6 text forms, compressed or with an embedded IPv4, and rejects malformed ones', () => {
    for (const ok of ['::', '::1', '2001:db8::8a2e:370:7334', '2001:0db8:0000:0000:0000:ff00:0042:8329', 'fe80::', '::ffff:192.0.2.1', '1:2:3:4:5:6:7::']) {
      expect(isIpv6(ok), ok).toBe(true);
    }
    for (const bad of ['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '::192.0.2.1:1', 'fe80::1%eth0', '10.0.0.1', '1:2:3:4:5:6:7:8::']) {
      expect(isIpv6(bad), bad).toBe(false);
    }
  });
});
