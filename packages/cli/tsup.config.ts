import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  // The bin only starts the program; the commands and the client load when a command runs,
  // so `--help` and `--version` answer without importing them.
  entry: ['src/bin.ts', 'src/commands.ts'],
  format: ['esm'],
  clean: true,
  platform: 'node',
  target: 'node20',
  // Shared code goes into one chunk rather than a copy per entry.
  splitting: true,
  define: { __CLI_VERSION__: JSON.stringify(version) },
});
