import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    // Each case shells out to git and the Redocly CLI; two workers are plenty on a 2-core box.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
