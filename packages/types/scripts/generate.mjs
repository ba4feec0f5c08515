#!/usr/bin/env node
// Generates everything in this package that comes from the spec:
//   openapi/openapi.yaml, openapi/openapi.json  the bundled single-file contract
//   src/generated/openapi.d.ts                  the openapi-typescript output
// With --check nothing is written; the exit code is 1 when a committed file differs from
// what the spec produces now, so CI catches a spec edit that was not regenerated.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const require = createRequire(import.meta.url);
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(pkgDir, '../..');
// --spec <file> reads another copy of the spec (the tests use it to prove the check bites).
const specFlag = process.argv.indexOf('--spec');
const specEntry = specFlag === -1 ? join(repoRoot, 'spec/openapi.yaml') : resolve(process.argv[specFlag + 1]);
const redoclyConfig = join(repoRoot, 'redocly.yaml');
const check = process.argv.includes('--check');

function redocly(...args) {
  const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
  execFileSync(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
  });
}

function bundle(ext) {
  const dir = mkdtempSync(join(tmpdir(), 'sjb-bundle-'));
  try {
    const out = join(dir, `openapi.${ext}`);
    redocly('bundle', specEntry, '--config', redoclyConfig, '--ext', ext, '-o', out);
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const yamlBundle = `# Generated from spec/openapi.yaml by packages/types/scripts/generate.mjs (redocly bundle).\n# Do not edit: change the spec and run \`pnpm generate\`.\n${bundle('yaml')}`;
const jsonBundle = bundle('json');

// Options, chosen on purpose (see README "Generator options"):
// - alphabetize: stable, reviewable diffs whatever order the spec lists things in.
// - rootTypes off: the public names are the curated aliases in src/index.d.ts, not one
//   export per component.
// - immutable off: request bodies are built up by callers and responses are plain data.
const ast = await openapiTS(JSON.parse(jsonBundle), {
  alphabetize: true,
  rootTypes: false,
  immutable: false,
});
const { version: generatorVersion } = require('openapi-typescript/package.json');
const typesFile = `/**
 * Generated from spec/openapi.yaml by packages/types/scripts/generate.mjs
 * with openapi-typescript ${generatorVersion}. Do not edit: change the spec and run \`pnpm generate\`.
 */

${astToString(ast)}`;

const outputs = {
  'openapi/openapi.yaml': yamlBundle,
  'openapi/openapi.json': jsonBundle.endsWith('\n') ? jsonBundle : `${jsonBundle}\n`,
  'src/generated/openapi.d.ts': typesFile,
};

const stale = [];
for (const [file, content] of Object.entries(outputs)) {
  const path = join(pkgDir, file);
  if (check) {
    let current = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current !== content) stale.push(relative(repoRoot, path));
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
if (check) {
  if (stale.length > 0) {
    console.error(
      `Generated files are stale; run \`pnpm generate\` and commit the result:\n${stale.map((f) => `  ${f}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('Generated files are up to date with spec/openapi.yaml.');
}
