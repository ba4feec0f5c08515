import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __CLI_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // Other suites run on the same two cores: keep this one to two workers.
    maxWorkers: 2,
    testTimeout: 20_000,
    // Packing three packages and an npm install happen in the package test's beforeAll.
    hookTimeout: 120_000,
  },
});
