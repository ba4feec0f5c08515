import { defineConfig } from 'vitest/config';

// One file at a time: the browser and Prism tests each start a process, and the machines that
// run this suite are shared (2 cores).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
