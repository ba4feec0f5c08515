import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each runtime starts once per file and runs every scenario (a few seconds each).
    hookTimeout: 120_000,
  },
});
