// The code samples the docs show (x-codeSamples in the bundled contract):
// - TypeScript is compiled with tsc in strict mode against the real, built @start-job-build/client,
//   so the docs never show code that does not type-check. A deliberately broken copy is compiled
//   in the same run to prove the check can fail.
// - curl is the seed's request: POST, JSON content type, bearer token, the documented example body.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_DIR } from '../scripts/build.mjs';
import {
  builtPage,
  bundledSpec,
  codeSample,
  deref,
  embeddedDefinition,
  type Json,
  operationOf,
} from './helpers.js';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

// Stricter than most projects: if the sample compiles here, it compiles for any reader.
const STRICT_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
};

let spec: Json;
let workDir: string;
beforeAll(() => {
  spec = bundledSpec();
  // Inside apps/docs so that Node resolution finds @start-job-build/client and @types/node.
  workDir = mkdtempSync(join(DOCS_DIR, '.sample-check-'));
});
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Runs tsc on the given files; returns its diagnostics grouped by file name. */
async function typeCheck(files: Record<string, string>): Promise<Record<string, string[]>> {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(workDir, name), source);
  writeFileSync(
    join(workDir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: STRICT_OPTIONS, files: Object.keys(files) }, null, 2),
  );
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');
  let output = '';
  try {
    await run(process.execPath, [tsc, '-p', workDir, '--pretty', 'false'], { cwd: workDir });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
    if (!output.trim()) throw error;
  }
  const byFile: Record<string, string[]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  for (const line of output.split('\n').filter(Boolean)) {
    const file = Object.keys(files).find((name) => line.startsWith(name)) ?? '(other)';
    byFile[file] = [...(byFile[file] ?? []), line];
  }
  return byFile;
}

describe('TypeScript sample', () => {
  it('uses our client the way its docs promise', () => {
    const source = codeSample(spec, 'TypeScript');
    expect(source).toMatch(/import \{[^}]*\bcreateClient\b[^}]*\} from '@start-job-build\/client';/);
    expect(source).toMatch(/client\.startJobBuild\(\s*\{ projectId: '[^']+', jobId: '[^']+' \},/);
    expect(source).not.toMatch(/NORTHFLANK_API_TOKEN\s*=|token:\s*'[^']+'/); // no literal token
  });

  it('type-checks in strict mode against the built @start-job-build/client', async () => {
    const clientTypes = join(
      dirname(require.resolve('@start-job-build/client/package.json')),
      'dist/index.d.ts',
    );
    if (!existsSync(clientTypes)) {
      throw new Error(`${clientTypes} is missing: build the client first (pnpm build).`);
    }
    const source = codeSample(spec, 'TypeScript');
    // Same sample with a number where the path parameter must be a string.
    const broken = source.replace(/jobId: '[^']+'/, 'jobId: 42');
    expect(broken).not.toBe(source);

    const diagnostics = await typeCheck({ 'sample.mts': source, 'broken-sample.mts': broken });

    expect(diagnostics['sample.mts']).toEqual([]);
    expect(diagnostics['(other)']).toBeUndefined();
    expect(diagnostics['broken-sample.mts']?.join('\n')).toMatch(
      /error TS2322: Type 'number' is not assignable/,
    );
  });
});

describe('curl sample', () => {
  const dataOf = (source: string) => JSON.parse(source.match(/--data '([^']+)'/)?.[1] ?? 'null');

  it("is the seed's request: POST with JSON, a bearer token and the documented body", () => {
    const source = codeSample(spec, 'curl');
    const { path, operation } = operationOf(spec);
    expect(source).toContain('--request POST');
    expect(source).toContain('--header "Content-Type: application/json"');
    expect(source).toContain('--header "Authorization: Bearer NORTHFLANK_API_TOKEN"');
    expect(source.trim().endsWith(`${spec.servers[0].url}${path}`)).toBe(true);
    const example = deref(spec, operation.requestBody.content['application/json'].examples.currentSettings);
    expect(dataOf(source)).toEqual(example.value);
  });

  it('is what the built page shows, next to the TypeScript sample', () => {
    const shown = operationOf(embeddedDefinition(builtPage())).operation['x-codeSamples'];
    expect(shown).toEqual(operationOf(spec).operation['x-codeSamples']);
    expect(shown.map((s: Json) => s.lang)).toEqual(['curl', 'TypeScript']);
  });
});
