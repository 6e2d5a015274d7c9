import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors.js';
import { instanceKeyOf, registrationOf } from './registration.js';

const key = instanceKeyOf('shop.local', 'cart', 'i-0abc/1');

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).type).toBe('BadRequestException');
    return (error as ApiError).message;
  }
  throw new Error('expected a BadRequestException');
}

describe('instance registrations', () => {
  it('fills in the defaults: no attributes, a 30 second ttl', () => {
    expect(registrationOf(key, { ipv4: '10.0.0.1', port: 8080 })).toEqual({ ...key, ipv4: '10.0.0.1', port: 8080, attributes: {}, ttlSeconds: 30 });
  });

  it('takes IPv6 alone, or both families', () => {
    expect(registrationOf(key, { ipv6: '2001:db8::1', port: 1 })).toMatchObject({ ipv6: '2001:db8::1' });
    expect(registrationOf(key, { ipv4: '10.0.0.1', ipv6: '::1', port: 65535, ttlSeconds: 3600 })).toMatchObject({ ipv4: '10.0.0.1', ipv6: '::1', ttlSeconds: 3600 });
  });

  it('names the field that is wrong', () => {
    expect(rejection(() => registrationOf(key, { port: 8080 }))).toMatch(/^ipv4: an instance needs an ipv4 or an ipv6/);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.256', port: 8080 }))).toMatch(/^ipv4: must be a dotted-quad/);
    expect(rejection(() => registrationOf(key, { ipv6: 'fe80::1%eth0', port: 8080 }))).toMatch(/^ipv6: /);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 0 }))).toMatch(/^port: must be an integer from 1 to 65535/);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: '8080' }))).toMatch(/^port: /);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 8080, ttlSeconds: 4 }))).toMatch(/^ttlSeconds: must be an integer from 5 to 3600/);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 8080, weight: 1 }))).toMatch(/^weight: is not a field/);
  });

  it('holds attributes to the key and value shapes of App Mesh attribute filters, and at most 30 of them', () => {
    expect(registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: { 'stage!': 'canary 2' } }).attributes).toEqual({ 'stage!': 'canary 2' });
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: { 'has space': 'x' } }))).toMatch(/^attributes key: must match/);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: { stage: '' } }))).toMatch(/^attributes\.stage: /);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: { stage: 3 } }))).toMatch(/^attributes\.stage: must be a string/);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: ['a'] }))).toMatch(/^attributes: must be an object/);
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: { AWS_INSTANCE_IPV4: '10.0.0.2' } }))).toMatch(/set from the ipv4, ipv6 and port fields/);
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect(rejection(() => registrationOf(key, { ipv4: '10.0.0.1', port: 80, attributes: many }))).toMatch(/at most 30 attributes/);
  });

  it('checks names as Cloud Map does, without a / in the namespace', () => {
    expect(instanceKeyOf('corp', 'a_b-c.d', 'x')).toEqual({ namespace: 'corp', service: 'a_b-c.d', instanceId: 'x' });
    expect(rejection(() => instanceKeyOf('a/b', 'cart', 'x'))).toMatch(/^namespaceName: /);
    expect(rejection(() => instanceKeyOf('arn:aws:x', 'cart', 'x'))).toMatch(/^namespaceName: /);
    expect(rejection(() => instanceKeyOf('shop', '-cart', 'x'))).toMatch(/^serviceName: /);
    expect(rejection(() => instanceKeyOf('shop', 'cart', 'has space'))).toMatch(/^instanceId: /);
    expect(rejection(() => instanceKeyOf('shop', 'cart', 'x'.repeat(65)))).toMatch(/^instanceId: /);
  });
});
