import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // One build for every runtime: no Node built-ins, fetch and AbortSignal only.
  platform: 'neutral',
  target: 'es2020',
  define: { __SDK_VERSION__: JSON.stringify(version) },
});
