import { describe, expect, it } from 'vitest';
import { gatewayVirtualHosts } from './gatewayVirtualHosts.js';

const r = (name: string) => ({ name });

describe('gatewayVirtualHosts', () => {
  it('puts routes without hostname in one catch-all virtual host', () => {
    expect(gatewayVirtualHosts('gw', [{ routes: [r('a')] }, { routes: [r('b')] }])).toEqual([{ name: 'gw', domains: ['*'], routes: [r('a'), r('b')] }]);
  });

  it('gives each host every route that holds for it, in priority order', () => {
    const hosts = gatewayVirtualHosts('gw', [
      { hostname: { suffix: '.example.com' }, routes: [r('suffix')] },
      { routes: [r('any')] },
      { hostname: { exact: 'www.example.com' }, routes: [r('exact')] },
      { hostname: { exact: 'other.org' }, routes: [r('other')] },
    ]);
    expect(hosts).toEqual([
      { name: 'gw_other.org', domains: ['other.org'], routes: [r('any'), r('other')] },
      { name: 'gw_www.example.com', domains: ['www.example.com'], routes: [r('suffix'), r('any'), r('exact')] },
      { name: 'gw_*.example.com', domains: ['*.example.com'], routes: [r('suffix'), r('any')] },
      { name: 'gw', domains: ['*'], routes: [r('any')] },
    ]);
  });

  it('lets a longer suffix host inherit the routes of the shorter suffixes it ends with', () => {
    const hosts = gatewayVirtualHosts('gw', [
      { hostname: { suffix: 'example.com' }, routes: [r('short')] },
      { hostname: { suffix: '.api.example.com' }, routes: [r('long')] },
    ]);
    expect(hosts).toEqual([
      { name: 'gw_*.api.example.com', domains: ['*.api.example.com'], routes: [r('short'), r('long')] },
      { name: 'gw_*example.com', domains: ['*example.com'], routes: [r('short')] },
    ]);
  });

  it('does not count a host equal to a suffix as ending with it (Envoy wildcards need a character)', () => {
    const hosts = gatewayVirtualHosts('gw', [{ hostname: { suffix: 'example.com' }, routes: [r('suffix')] }, { hostname: { exact: 'example.com' }, routes: [r('exact')] }]);
    expect(hosts[0]).toEqual({ name: 'gw_example.com', domains: ['example.com'], routes: [r('exact')] });
  });

  it('merges hostnames that differ only in case, and drops hosts left without routes', () => {
    const hosts = gatewayVirtualHosts('gw', [{ hostname: { exact: 'WWW.example.com' }, routes: [r('a')] }, { hostname: { exact: 'www.example.com' }, routes: [r('b')] }, { hostname: { exact: 'dead.org' }, routes: [] }]);
    expect(hosts).toEqual([{ name: 'gw_www.example.com', domains: ['www.example.com'], routes: [r('a'), r('b')] }]);
  });
});
