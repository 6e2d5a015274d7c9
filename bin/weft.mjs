#!/usr/bin/env node
// Weft runs its TypeScript directly (through tsx), so there is no build step to
// remember after `npm install`.
import { register } from 'tsx/esm/api';

if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`weft needs Node.js 22 or newer (this is ${process.version}); see the README's Requirements.`);
  process.exit(1);
}
register();
const { main } = await import('../functions/local/cli.ts');
await main(process.argv.slice(2));
