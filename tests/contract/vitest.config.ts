import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Prism for the whole run, started and always stopped by the global setup.
    globalSetup: ['./test/global-setup.ts'],
    // The files share that one mock; running them one after another keeps the load to one
    // core's worth and the results independent of scheduling.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
