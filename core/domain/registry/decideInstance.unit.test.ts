import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors.js';
import type { InstanceRecord, RegistryCommand } from './decideInstance.js';
import { decideInstance, discoveredAttributes, evolveInstances } from './decideInstance.js';
import type { Instance, RegistryEvent } from './instance.js';
import { registryStreamOf, sameRegistration, serviceOfStream } from './instance.js';

const now = Date.UTC(2024, 5, 1, 12);
const meta = { now, actor: 'alice', requestId: 'req-1' };
const web1: Instance = { namespace: 'shop.local', service: 'cart', instanceId: 'web-1', ipv4: '10.0.0.1', port: 8080, attributes: { zone: 'a' }, ttlSeconds: 30 };
const record = (instance: Instance, lastSeen = now - 1000): InstanceRecord => ({ instance, lastSeen });

/** Given the stored record, when the command is decided, then these events. */
const given = (current?: InstanceRecord) => ({ when: (command: RegistryCommand) => decideInstance(command, current, meta) });

describe('the instance decider', () => {
  it('registers a new instance with one InstanceRegistered carrying the whole instance', () => {
    expect(given().when({ type: 'register', instance: web1 })).toEqual([{ type: 'InstanceRegistered', instance: web1, actor: 'alice', requestId: 'req-1', at: now }]);
  });

  it('appends nothing when the same registration arrives again, whatever the order of its attributes', () => {
    const current = record({ ...web1, attributes: { zone: 'a', tier: 'gold' } });
    expect(given(current).when({ type: 'register', instance: { ...web1, attributes: { tier: 'gold', zone: 'a' } } })).toEqual([]);
  });

  it('re-registers (an update) when the address, port, attributes or ttl differ', () => {
    for (const changed of [{ ipv4: '10.0.0.2' }, { ipv6: '::1' }, { port: 9090 }, { attributes: { zone: 'b' } }, { ttlSeconds: 60 }]) {
      const events = given(record(web1)).when({ type: 'register', instance: { ...web1, ...changed } });
      expect(events.map((e) => [e.type, e.instance]), JSON.stringify(changed)).toEqual([['InstanceRegistered', { ...web1, ...changed }]]);
    }
  });

  it('deregisters a known instance with the instance as it was', () => {
    expect(given(record(web1)).when({ type: 'deregister', key: web1 })).toMatchObject([{ type: 'InstanceDeregistered', instance: web1 }]);
  });

  it('rejects deregistering an unknown instance with NotFoundException and no event', () => {
    const run = () => given().when({ type: 'deregister', key: web1 });
    expect(run).toThrow(ApiError);
    expect(run).toThrow(/'web-1' is not registered in service 'cart'/);
  });

  it('expires an instance only once its ttl has passed without a heartbeat', () => {
    expect(given(record(web1, now - 30_001)).when({ type: 'expire', key: web1 })).toMatchObject([{ type: 'InstanceExpired', instance: web1 }]);
    expect(given(record(web1, now - 30_000)).when({ type: 'expire', key: web1 })).toEqual([]);
    expect(given(record(web1, now)).when({ type: 'expire', key: web1 })).toEqual([]);
  });

  it('expires nothing when the instance is already gone', () => {
    expect(given().when({ type: 'expire', key: web1 })).toEqual([]);
  });

  it('folds registrations, updates, deregistrations and expiries into the instance list', () => {
    const web2 = { ...web1, instanceId: 'web-2', ipv4: '10.0.0.2' };
    const event = (type: RegistryEvent['type'], instance: Instance): RegistryEvent => ({ type, instance, actor: 'a', requestId: 'r', at: now });
    const list = new Map<string, Instance>();
    for (const e of [event('InstanceRegistered', web1), event('InstanceRegistered', web2), event('InstanceRegistered', { ...web1, port: 9090 })]) evolveInstances(list, e);
    expect([...list.values()]).toEqual([{ ...web1, port: 9090 }, web2]);
    for (const e of [event('InstanceDeregistered', web2), event('InstanceExpired', web1)]) evolveInstances(list, e);
    expect(list.size).toBe(0);
  });

  it('names one stream per service that splits back into namespace and service', () => {
    const stream = registryStreamOf(web1);
    expect(stream).toBe('@registry/shop.local/cart');
    expect(serviceOfStream(stream)).toEqual({ namespace: 'shop.local', service: 'cart' });
    expect(serviceOfStream('shop/uid-1')).toBeUndefined();
  });

  it('lets attribute filters see the address and port as Cloud Map does', () => {
    expect(discoveredAttributes({ ...web1, ipv6: '::1' })).toEqual({ zone: 'a', AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_IPV6: '::1', AWS_INSTANCE_PORT: '8080' });
    expect(sameRegistration(web1, { ...web1 })).toBe(true);
  });
});
