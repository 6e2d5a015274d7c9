// Bundles the agent into one self-contained file, dist/weft-agent.mjs, with
// its dependencies inside: copy it and Node 22 or newer to a host and it runs. Runs on
// `npm install` (the `prepare` script), so `bin/weft-agent` works right after.
//   node scripts/build-agent.mjs [--outfile PATH]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
const outfile = values.outfile ?? fileURLToPath(new URL('../dist/weft-agent.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('../proxy-agent/main.ts', import.meta.url))],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // CommonJS dependencies (grpc-js, the AWS SDK) call require() for Node's own modules.
  banner: { js: "import { createRequire as weftCreateRequire } from 'node:module'; const require = weftCreateRequire(import.meta.url);" },
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
