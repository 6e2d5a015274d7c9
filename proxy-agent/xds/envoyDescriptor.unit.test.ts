// The agent's prebuilt Envoy descriptor against Envoy's .proto files: it is
// what the generator makes from them today, and it encodes every golden
// snapshot to the very bytes the full .proto definitions do.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typeUrls } from '../../core/projection/envoy/typeUrls.js';
import type { ResourceType } from '../../core/projection/envoy/typeUrls.js';
import { envoyDescriptor, envoyProtoRoot } from '../../scripts/envoyDescriptor.js';
import { encodeResource } from './envoyMessages.js';

const goldens = new URL('../../test/projection/goldens/', import.meta.url);

describe('the agent’s Envoy descriptor', () => {
  it('is what scripts/generate-envoy-descriptor.ts makes from the .proto files today', () => {
    const checkedIn = JSON.parse(readFileSync(new URL('./envoyDescriptor.json', import.meta.url), 'utf8'));
    expect(checkedIn).toEqual(envoyDescriptor());
  });

  it('encodes every golden snapshot byte for byte as the .proto files do', () => {
    const full = envoyProtoRoot();
    let compared = 0;
    for (const file of readdirSync(goldens).filter((f) => f.endsWith('.json'))) {
      const snapshots = JSON.parse(readFileSync(new URL(file, goldens), 'utf8')) as Record<string, { resources: Record<ResourceType, Record<string, unknown>[]> }>;
      for (const snapshot of Object.values(snapshots)) {
        for (const [kind, url] of Object.entries(typeUrls)) {
          const type = full.lookupType(url.slice(url.lastIndexOf('/') + 1));
          for (const resource of snapshot.resources[kind as ResourceType]) {
            expect(Buffer.from(encodeResource(url, resource)).toString('base64')).toBe(Buffer.from(type.encode(type.fromObject(resource)).finish()).toString('base64'));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
