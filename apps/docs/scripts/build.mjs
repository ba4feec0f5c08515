#!/usr/bin/env node
// Builds the static reference site from the bundled contract that packages/types generates:
//   dist/index.html    Redoc 3, pre-rendered and with its scripts inlined (`--inlineBundle`),
//                      showing the contract with code samples generated from its examples
//   dist/openapi.yaml  the contract the page shows, for the page's download links
//   dist/openapi.json
// Redoc's options (layout, sample languages, template) come from the root redocly.yaml; the
// sample menu's labels are added from the generated samples (scripts/code-samples.mjs).
//
// Usage: node scripts/build.mjs [--out DIR] [--mock-url URL]
// --mock-url builds the preview variant: the mock is listed as the first server and the curl
// sample points at it. The published build (no flag) lists only the spec's own servers.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { redocOptions, withCodeSamples } from './code-samples.mjs';
import { contentSecurityPolicy, externalResources, inlineScripts, inlineVendorAssets } from './html.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

export const DOCS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(DOCS_DIR, '../..');
export const DIST_DIR = join(DOCS_DIR, 'dist');
export const REDOCLY_CONFIG = join(REPO_ROOT, 'redocly.yaml');
/** The bundled single-file contract, generated from spec/ by packages/types. */
export const BUNDLED_SPEC = join(
  dirname(require.resolve('@start-job-build/types/package.json')),
  'openapi/openapi.yaml',
);
export const BUNDLED_SPEC_JSON = require.resolve('@start-job-build/types/openapi.json');
const CSP_PLACEHOLDER = /<!-- content-security-policy:[^>]*-->/;

/** The operation with this operationId, with its path and method, or undefined. */
export function findOperation(doc, operationId) {
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (operation?.operationId === operationId) return { path, method, operation };
    }
  }
  return undefined;
}

/**
 * The preview variant of the contract: the mock comes first in `servers` and the curl samples
 * call it instead of production, so a reader can paste them into a shell and get an answer.
 * The input is not modified.
 */
export function withMockServer(doc, mockUrl) {
  const base = mockUrl.replace(/\/+$/, '');
  const copy = structuredClone(doc);
  const productionUrls = (doc.servers ?? []).map((server) => server.url.replace(/\/+$/, ''));
  copy.servers = [
    { url: base, description: 'Local Prism mock of this contract, started by `pnpm start` (preview only)' },
    ...(doc.servers ?? []),
  ];
  for (const pathItem of Object.values(copy.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      for (const sample of operation?.['x-codeSamples'] ?? []) {
        if (sample.lang !== 'curl') continue;
        for (const url of productionUrls) sample.source = sample.source.replaceAll(url, base);
      }
    }
  }
  return copy;
}

/** Redoc's route for a tag: its name in lower case with every other run of characters as `-`. */
export function tagRoute(name) {
  return `/${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')}`;
}

/** The route readers land on: the tag of the first operation, where its operations are expanded. */
export function landingPath(doc) {
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      const tag = operation?.tags?.[0];
      if (typeof tag === 'string') return tagRoute(tag);
    }
  }
  return '';
}

/** The `openapi` options of redocly.yaml, which build-docs hands to Redoc. */
export function configuredRedocOptions() {
  return parseYaml(readFileSync(REDOCLY_CONFIG, 'utf8')).openapi ?? {};
}

async function redoclyBuildDocs(specPath, optionsPath, outFile, templateOptions) {
  const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
  // --openapi replaces the config's `openapi` options with ours (the same, plus sample labels);
  // --config still supplies the rest (telemetry, and the base for the template's path).
  const args = [cli, 'build-docs', specPath, '--config', REDOCLY_CONFIG, '--openapi', optionsPath];
  args.push('--inlineBundle', '-o', outFile);
  for (const [name, value] of Object.entries(templateOptions))
    args.push(`--templateOptions.${name}=${value}`);
  try {
    await run(process.execPath, args, {
      cwd: DOCS_DIR,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`redocly build-docs failed:\n${error.stderr || error.stdout || error.message}`);
  }
}

/**
 * Builds the site into outDir (default dist/) and returns what it wrote.
 * @param {{ outDir?: string, mockUrl?: string }} [options]
 */
export async function buildDocs({ outDir = DIST_DIR, mockUrl } = {}) {
  const contract = parseYaml(readFileSync(BUNDLED_SPEC, 'utf8'));
  let doc = withCodeSamples(contract);
  const options = redocOptions(configuredRedocOptions(), doc);
  const work = mkdtempSync(join(tmpdir(), 'sjb-docs-'));
  try {
    if (mockUrl) doc = withMockServer(doc, mockUrl);
    const specPath = join(work, 'openapi.yaml');
    writeFileSync(specPath, stringifyYaml(doc, { lineWidth: 0 }));
    const optionsPath = join(work, 'redoc-options.json');
    writeFileSync(optionsPath, JSON.stringify(options));
    const rendered = join(work, 'index.html');
    const landing = landingPath(doc);
    await redoclyBuildDocs(specPath, optionsPath, rendered, { landingPath: landing });
    let html = inlineVendorAssets(readFileSync(rendered, 'utf8'));
    if (landing && !html.includes(`href="${landing}"`)) {
      throw new Error(`Redoc rendered no section at ${landing}; update tagRoute() in scripts/build.mjs.`);
    }

    const external = externalResources(html);
    if (external.length > 0) {
      throw new Error(`The page would load resources from other hosts:\n  ${external.join('\n  ')}`);
    }
    if (!CSP_PLACEHOLDER.test(html)) {
      throw new Error('The page template has no content-security-policy placeholder (template/index.hbs).');
    }
    const policy = contentSecurityPolicy(inlineScripts(html), {
      connect: mockUrl ? [new URL(mockUrl).origin] : [],
    });
    html = html.replace(CSP_PLACEHOLDER, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);

    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'index.html'), html);
    if (mockUrl) {
      const preview = withMockServer(contract, mockUrl);
      writeFileSync(join(outDir, 'openapi.yaml'), stringifyYaml(preview, { lineWidth: 0 }));
      writeFileSync(join(outDir, 'openapi.json'), `${JSON.stringify(preview, null, 2)}\n`);
    } else {
      copyFileSync(BUNDLED_SPEC, join(outDir, 'openapi.yaml'));
      copyFileSync(BUNDLED_SPEC_JSON, join(outDir, 'openapi.json'));
    }
    return { outDir, indexHtml: join(outDir, 'index.html'), bytes: Buffer.byteLength(html), policy };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'mock-url': { type: 'string' } } });
  const outDir = values.out ? resolve(values.out) : DIST_DIR;
  const result = await buildDocs({ outDir, mockUrl: values['mock-url'] });
  console.log(`Built ${result.indexHtml} (${Math.round(result.bytes / 1024)} KiB)`);
}
