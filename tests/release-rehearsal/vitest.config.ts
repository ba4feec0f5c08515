import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The whole release (install, version, build, pack, publish, two consumer installs) runs once
    // in beforeAll; the tests then read what it left behind.
    hookTimeout: 300_000,
    testTimeout: 60_000,
  },
});
