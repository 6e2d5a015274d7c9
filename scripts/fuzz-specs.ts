// npm run fuzz:specs -- [cases] [seed]: the generative check of
// test/api/generativeSpecs.e2e.test.ts with more cases than CI runs (20,000 by
// default), against a real stack on DynamoDB Local. A failing case prints its
// index and seed; the same seed draws the same requests again.
import { spawn } from 'node:child_process';

const [cases = '20000', seed = String(Date.now() % 1_000_000_000)] = process.argv.slice(2);
console.info(`fuzz:specs: ${cases} cases, seed ${seed}`);
const child = spawn('npx', ['vitest', 'run', 'test/api/generativeSpecs.e2e.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, WEFT_FUZZ_CASES: cases, WEFT_FUZZ_SEED: seed },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
