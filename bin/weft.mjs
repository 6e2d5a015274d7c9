#!/usr/bin/env node
// Weft runs its TypeScript directly (through tsx), so there is no build step to
// remember after `npm install`.
import { register } from 'tsx/esm/api';

// Node 20 is supported here; the SDK's notice about its future releases is noise in a CLI.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../functions/local/cli.ts');
await main(process.argv.slice(2));
