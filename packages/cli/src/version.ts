// Injected at build time (tsup `define`, and vitest's for tests) from package.json, so that
// changesets bumps one place only.
declare const __CLI_VERSION__: string | undefined;

export const VERSION: string = typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0-development';
