import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing, an npm install (registry or cache) and two tsc runs happen in beforeAll.
    hookTimeout: 240_000,
    testTimeout: 120_000,
  },
});
