// Regenerates core/projection/validate/envoyRules.json from Envoy's .proto files:
//   node --import tsx scripts/generate-envoy-rules.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envoyRules } from './envoyRules.js';

const target = fileURLToPath(new URL('../core/projection/validate/envoyRules.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(envoyRules())}\n`);
console.log(`wrote ${target}`);
