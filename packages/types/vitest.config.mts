import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mts'],
    testTimeout: 120_000,
    // Type-level tests: test/*.test-d.ts are compiled by tsc, and every @ts-expect-error
    // in them must still be an error, so a loosened type fails the run.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.mts'],
      tsconfig: './tsconfig.json',
    },
  },
});
