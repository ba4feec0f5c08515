import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One tsc run over every example and a Prism start happen in beforeAll.
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
});
