// Writes the CommonJS entry point after tsup has built the ES module: dist/index.cjs hands
// `require` the very module `import` gets (Node >= 20.19 can require() an ES module without top-level
// await), so both formats share one copy of every class, and dist/index.d.cts declares the same
// exports for TypeScript's CommonJS resolution.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
for (const file of ['index.js', 'index.d.ts']) {
  if (!existsSync(new URL(file, dist))) throw new Error(`dist/${file} is missing: run tsup first.`);
}
writeFileSync(
  new URL('index.cjs', dist),
  `'use strict';
// require() gets the ES module build itself: one copy of every class for both module formats.
module.exports = require('./index.js');
`,
);
copyFileSync(new URL('index.d.ts', dist), new URL('index.d.cts', dist));
