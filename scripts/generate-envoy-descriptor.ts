// Regenerates proxy-agent/xds/envoyDescriptor.json from Envoy's .proto files:
//   node --import tsx scripts/generate-envoy-descriptor.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envoyDescriptor } from './envoyDescriptor.js';

const target = fileURLToPath(new URL('../proxy-agent/xds/envoyDescriptor.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(envoyDescriptor(), null, 1)}\n`);
console.log(`wrote ${target}`);
