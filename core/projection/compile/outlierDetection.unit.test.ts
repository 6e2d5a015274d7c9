import { describe, expect, it } from 'vitest';
import { callerSnapshot, ownSnapshot, resource } from './nodeSnapshot.testSupport.js';

const outlierDetection = { maxServerErrors: 5, interval: { value: 10, unit: 's' }, baseEjectionDuration: { value: 500, unit: 'ms' }, maxEjectionPercent: 50 };
const api = { listeners: [{ portMapping: { port: 8080, protocol: 'http' }, outlierDetection }], serviceDiscovery: { dns: { hostname: 'api.local' } } };

describe('listener outlier detection', () => {
  it("ejects hosts from callers' egress clusters after consecutive server errors, with no success-rate ejection", () => {
    const snapshot = callerSnapshot(api);
    expect(resource(snapshot, 'cluster', 'cds_egress_demo_api_http_8080')['outlierDetection']).toEqual({
      consecutive_5xx: { value: 5 },
      interval: { seconds: 10 },
      baseEjectionTime: { nanos: 500_000_000 },
      maxEjectionPercent: { value: 50 },
      enforcingSuccessRate: {},
    });
  });

  it("leaves the node's own ingress cluster alone", () => {
    const snapshot = ownSnapshot(api);
    expect(resource(snapshot, 'cluster', 'cds_ingress_demo_api_http_8080')['outlierDetection']).toBeUndefined();
  });
});
