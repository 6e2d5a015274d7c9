import { describe, expect, it } from 'vitest';
import type { HttpGatewayRoute } from '../../model/appMeshTypes.js';
import { pathRewrite } from './gatewayRewrite.js';

const route = (match: HttpGatewayRoute['match'], rewrite?: HttpGatewayRoute['action']['rewrite']): HttpGatewayRoute => ({
  match,
  action: { target: { virtualService: { virtualServiceName: 'svc.local' } }, ...(rewrite ? { rewrite } : {}) },
});

describe('pathRewrite', () => {
  it("rewrites a matched prefix to '/' by default, taking the slash after it", () => {
    expect(pathRewrite(route({ prefix: '/red' }))).toEqual({ regexRewrite: { pattern: { regex: '^/red/?' }, substitution: '/' } });
    expect(pathRewrite(route({ prefix: '/red/' }))).toEqual({ regexRewrite: { pattern: { regex: '^/red/' }, substitution: '/' } });
  });

  it('escapes regex characters of the prefix', () => {
    expect(pathRewrite(route({ prefix: '/v1.0' }))).toEqual({ regexRewrite: { pattern: { regex: '^/v1\\.0/?' }, substitution: '/' } });
  });

  it('keeps the path when the default prefix rewrite is DISABLED, or the prefix is /', () => {
    expect(pathRewrite(route({ prefix: '/red/' }, { prefix: { defaultPrefix: 'DISABLED' } }))).toEqual({});
    expect(pathRewrite(route({}))).toEqual({});
  });

  it('rewrites to a given prefix value', () => {
    expect(pathRewrite(route({ prefix: '/maroon/' }, { prefix: { value: '/red/' } }))).toEqual({ regexRewrite: { pattern: { regex: '^/maroon/' }, substitution: '/red/' } });
  });

  it('replaces the whole path for a path rewrite, and leaves path matches alone otherwise', () => {
    expect(pathRewrite(route({ path: { regex: '/a.*' } }, { path: { exact: '/b' } }))).toEqual({ regexRewrite: { pattern: { regex: '^.*$' }, substitution: '/b' } });
    expect(pathRewrite(route({ path: { exact: '/a' } }))).toEqual({});
  });
});
