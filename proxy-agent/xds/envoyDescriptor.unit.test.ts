// The agent's prebuilt Envoy descriptor against Envoy's .proto files: it is
// what the generator makes from them today, and it encodes every golden
// snapshot to the very bytes the full .proto definitions do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typeUrls } from '../../core/projection/envoy/typeUrls.js';
import type { ResourceType } from '../../core/projection/envoy/typeUrls.js';
import { goldenSnapshots } from '../../test/projection/goldenFiles.js';
import { envoyDescriptor, envoyProtoRoot } from '../../scripts/envoyDescriptor.js';
import { encodeResource } from './envoyMessages.js';

describe('the agent’s Envoy descriptor', () => {
  it('is what scripts/generate-envoy-descriptor.ts makes from the .proto files today', () => {
    const checkedIn = JSON.parse(readFileSync(new URL('./envoyDescriptor.json', import.meta.url), 'utf8'));
    expect(checkedIn).toEqual(envoyDescriptor());
  });

  it('encodes every golden snapshot byte for byte as the .proto files do', () => {
    const full = envoyProtoRoot();
    let compared = 0;
    const snapshots = goldenSnapshots();
    for (const snapshot of snapshots) {
      for (const [kind, url] of Object.entries(typeUrls)) {
        const type = full.lookupType(url.slice(url.lastIndexOf('/') + 1));
        for (const resource of snapshot.resources[kind as ResourceType] as Record<string, unknown>[]) {
          expect(Buffer.from(encodeResource(url, resource)).toString('base64')).toBe(Buffer.from(type.encode(type.fromObject(resource)).finish()).toString('base64'));
          compared++;
        }
      }
    }
    // Every golden proxy, one file each: a layout change that finds none must fail here.
    expect(snapshots.length).toBeGreaterThanOrEqual(30);
    expect(compared).toBeGreaterThan(100);
  });
});
