import { describe, expect, it } from 'vitest';
import type { HttpGatewayRoute } from '../../model/appMeshTypes.js';
import type { PathView } from './gatewayMatch.js';
import { combineMatches } from './gatewayMatch.js';
import { pathRewrite } from './gatewayRewrite.js';

const none: PathView = { kind: 'none' };
const route = (match: HttpGatewayRoute['match'], rewrite?: HttpGatewayRoute['action']['rewrite']): HttpGatewayRoute => ({
  match,
  action: { target: { virtualService: { virtualServiceName: 'svc.local' } }, ...(rewrite ? { rewrite } : {}) },
});

describe('combineMatches without a path rewrite', () => {
  it('keeps the longer of two prefixes when one starts with the other', () => {
    expect(combineMatches({ prefix: '/api' }, none, { prefix: '/api/v2' })).toEqual({ prefix: '/api/v2' });
    expect(combineMatches({ prefix: '/api/v2' }, none, { prefix: '/' })).toEqual({ prefix: '/api/v2' });
  });

  it('drops a router route whose prefix no request through the gateway route can have', () => {
    expect(combineMatches({ prefix: '/api' }, none, { prefix: '/admin' })).toBeUndefined();
  });

  it('keeps an exact path only when it lies inside the other match', () => {
    expect(combineMatches({ prefix: '/api' }, none, { path: '/api/health' })).toEqual({ path: '/api/health' });
    expect(combineMatches({ prefix: '/api' }, none, { path: '/health' })).toBeUndefined();
    expect(combineMatches({ safeRegex: { regex: '/v[0-9]+/.*' } }, none, { path: '/v2/items' })).toEqual({ path: '/v2/items' });
  });

  it('keeps a regex as the path and checks the other prefix on :path', () => {
    expect(combineMatches({ prefix: '/api' }, none, { safeRegex: { regex: '/api/[a-z]+' } })).toEqual({
      safeRegex: { regex: '/api/[a-z]+' },
      headers: [{ name: ':path', stringMatch: { prefix: '/api' } }],
    });
    expect(combineMatches({ safeRegex: { regex: '/x.*' } }, none, { prefix: '/' })).toEqual({ safeRegex: { regex: '/x.*' } });
  });

  it('requires the headers, query parameters and gRPC flag of both', () => {
    const gateway = { prefix: '/', headers: [{ name: 'x-team', stringMatch: { exact: 'a' } }], queryParameters: [{ name: 'q', presentMatch: true }] };
    const router = { prefix: '/', headers: [{ name: 'x-canary', presentMatch: true }], grpc: {} };
    expect(combineMatches(gateway, none, router)).toEqual({
      prefix: '/',
      headers: [{ name: 'x-team', stringMatch: { exact: 'a' } }, { name: 'x-canary', presentMatch: true }],
      queryParameters: [{ name: 'q', presentMatch: true }],
      grpc: {},
    });
  });
});

describe('combineMatches through a prefix rewrite', () => {
  // Gateway route `/red` with the default rewrite: `/red/tell` reaches the service as `/tell`.
  const view = pathRewrite(route({ prefix: '/red' })).view;

  it('carries a router prefix back into the request path', () => {
    expect(combineMatches({ prefix: '/red' }, view, { prefix: '/tell' })).toEqual({ prefix: '/red/tell' });
  });

  it('keeps the whole gateway prefix for a router catch-all', () => {
    expect(combineMatches({ prefix: '/red' }, view, { prefix: '/' })).toEqual({ prefix: '/red' });
  });

  it('carries an exact router path back, and drops a regex it cannot carry', () => {
    expect(combineMatches({ prefix: '/red' }, view, { path: '/tell' })).toEqual({ path: '/red/tell' });
    expect(combineMatches({ prefix: '/red' }, view, { safeRegex: { regex: '/t.*' } })).toBeUndefined();
  });

  it('maps through a custom prefix value and drops what falls outside it', () => {
    const custom = pathRewrite(route({ prefix: '/maroon/' }, { prefix: { value: '/red/' } })).view;
    expect(combineMatches({ prefix: '/maroon/' }, custom, { prefix: '/red/tell' })).toEqual({ prefix: '/maroon/tell' });
    expect(combineMatches({ prefix: '/maroon/' }, custom, { prefix: '/blue' })).toBeUndefined();
  });
});

describe('combineMatches for a fixed path', () => {
  it('decides the router route against the path the service will see', () => {
    const view = pathRewrite(route({ path: { exact: '/old' } }, { path: { exact: '/new/thing' } })).view;
    expect(combineMatches({ path: '/old' }, view, { prefix: '/new' })).toEqual({ path: '/old' });
    expect(combineMatches({ path: '/old' }, view, { safeRegex: { regex: '/new/.*' } })).toEqual({ path: '/old' });
    expect(combineMatches({ path: '/old' }, view, { prefix: '/old' })).toBeUndefined();
  });
});

describe('pathRewrite', () => {
  it("rewrites a matched prefix to '/' by default, taking the slash after it", () => {
    expect(pathRewrite(route({ prefix: '/red' })).action).toEqual({ regexRewrite: { pattern: { regex: '^/red/?' }, substitution: '/' } });
    expect(pathRewrite(route({ prefix: '/red/' })).action).toEqual({ regexRewrite: { pattern: { regex: '^/red/' }, substitution: '/' } });
  });

  it('escapes regex characters of the prefix', () => {
    expect(pathRewrite(route({ prefix: '/v1.0' })).action).toEqual({ regexRewrite: { pattern: { regex: '^/v1\\.0/?' }, substitution: '/' } });
  });

  it('keeps the path when the default prefix rewrite is DISABLED, or the prefix is /', () => {
    expect(pathRewrite(route({ prefix: '/red/' }, { prefix: { defaultPrefix: 'DISABLED' } })).action).toEqual({});
    expect(pathRewrite(route({})).action).toEqual({});
  });

  it('rewrites to a given prefix value', () => {
    expect(pathRewrite(route({ prefix: '/maroon/' }, { prefix: { value: '/red/' } })).action).toEqual({ regexRewrite: { pattern: { regex: '^/maroon/' }, substitution: '/red/' } });
  });

  it('replaces the whole path for a path rewrite, and leaves path matches alone otherwise', () => {
    expect(pathRewrite(route({ path: { regex: '/a.*' } }, { path: { exact: '/b' } })).action).toEqual({ regexRewrite: { pattern: { regex: '^.*$' }, substitution: '/b' } });
    expect(pathRewrite(route({ path: { exact: '/a' } })).action).toEqual({});
  });
});
