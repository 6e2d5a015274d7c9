import { defineConfig } from 'vitest/config';

// `npm run test:unit`: the pure tests (`*.unit.test.ts`), with no DynamoDB Local and so no Java.
export default defineConfig({
  test: {
    include: ['**/*.unit.test.ts'],
    exclude: ['node_modules/**', '.sst/**'],
    pool: 'threads',
  },
});
