import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  entry: ['src/index.ts'],
  // ES modules only: one copy of every class, whichever way the package is loaded. The CommonJS
  // entry point (dist/index.cjs, written by scripts/require-entry.mjs) requires this build, which
  // Node >= 20.19 can do, so an error thrown through `import` is instanceof the class `require` gives.
  format: ['esm'],
  dts: true,
  clean: true,
  // One build for every runtime: no Node built-ins, fetch and AbortSignal only.
  platform: 'neutral',
  target: 'es2020',
  define: { __SDK_VERSION__: JSON.stringify(version) },
});
