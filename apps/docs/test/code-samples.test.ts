// The code samples the docs show (x-codeSamples in the bundled contract):
// - Every TypeScript sample of every operation is compiled with tsc in strict mode against the
//   real, built @start-job-build/client, so the docs never show code that does not type-check. A
//   deliberately broken copy is compiled in the same run to prove the check can fail.
// - curl is the seed's request: POST, JSON content type, bearer token, the documented example body;
//   the other operations' curl samples use their method, the bearer token and their path.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_DIR } from '../scripts/build.mjs';
import {
  allOperations,
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
  let file = '(other)';
  for (const line of output.split('\n').filter(Boolean)) {
    // An indented line continues the diagnostic before it (the reason for an error).
    if (!/^\s/.test(line)) file = Object.keys(files).find((name) => line.startsWith(name)) ?? '(other)';
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

  it('type-checks in strict mode against the built @start-job-build/client, like every TypeScript sample', async () => {
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
    // Every TypeScript sample of every operation, each in its own module.
    const samples: Record<string, string> = {};
    for (const { operation } of allOperations(spec)) {
      for (const [index, sample] of (operation['x-codeSamples'] ?? []).entries()) {
        if (sample.lang === 'TypeScript')
          samples[`sample-${operation.operationId}-${index}.mts`] = sample.source;
      }
    }
    expect(Object.values(samples)).toContain(source);

    // The signature the client had before: the build id as a second argument. A sample still
    // written that way must fail, so the check holds the samples to the current client.
    const oldSignature = [
      "import { createClient } from '@start-job-build/client';",
      'const client = createClient();',
      "const build = await client.getJobBuild({ projectId: 'p', jobId: 'j' }, 'joyous-view-6290');",
      'console.log(build.id);',
    ].join('\n');

    const diagnostics = await typeCheck({
      ...samples,
      'broken-sample.mts': broken,
      'old-signature.mts': oldSignature,
    });

    for (const name of Object.keys(samples)) expect(diagnostics[name], name).toEqual([]);
    expect(diagnostics['(other)']).toBeUndefined();
    expect(diagnostics['broken-sample.mts']?.join('\n')).toMatch(
      /error TS2322: Type 'number' is not assignable/,
    );
    expect(diagnostics['old-signature.mts']?.join('\n')).toMatch(/Property 'buildId' is missing/);
  });
});

describe('samples of every operation', () => {
  it('each operation offers a curl and a TypeScript sample, the TypeScript one with our client', () => {
    const operations = allOperations(spec);
    expect(operations.map(({ operation }) => operation.operationId).sort()).toEqual(
      ['abortJobBuild', 'getJobBuild', 'listJobBuilds', 'startJobBuild'].sort(),
    );
    for (const { operation } of operations) {
      const samples = operation['x-codeSamples'] ?? [];
      expect(
        samples.map((s: Json) => s.lang),
        operation.operationId,
      ).toEqual(['curl', 'TypeScript']);
      const typescript = samples[1].source;
      expect(typescript).toMatch(/import \{[^}]*\bcreateClient\b[^}]*\} from '@start-job-build\/client';/);
      expect(typescript).toContain(`client.${operation.operationId}(`);
      expect(typescript).not.toMatch(/NORTHFLANK_API_TOKEN\s*=|token:\s*'[^']+'/); // no literal token
    }
  });

  it("each curl sample calls its operation's method and path with a bearer token", () => {
    for (const { path, method, operation } of allOperations(spec)) {
      const source: string =
        operation['x-codeSamples']?.find((sample: Json) => sample.lang === 'curl')?.source ?? '';
      expect(source, operation.operationId).toContain(`--request ${method.toUpperCase()}`);
      expect(source).toContain('--header "Authorization: Bearer NORTHFLANK_API_TOKEN"');
      // The URL comes last: the bare path, or quoted (so the shell does not glob `?`) with a
      // query string that uses only the operation's own query parameters.
      const url = (source.trim().split(/\s+/).at(-1) ?? '').replace(/^"(.*)"$/, '$1');
      const [base, query = ''] = url.split('?');
      expect(base, operation.operationId).toBe(`${spec.servers[0].url}${path}`);
      const declared = (operation.parameters ?? [])
        .map((p: Json) => deref(spec, p))
        .filter((p: Json) => p.in === 'query')
        .map((p: Json) => p.name);
      for (const name of new URLSearchParams(query).keys())
        expect(declared, operation.operationId).toContain(name);
      // Only an operation with a request body sends data.
      expect(source.includes('--data'), operation.operationId).toBe(Boolean(operation.requestBody));
    }
  });

  it('shows startJobBuildAndWait, starting a build and awaiting it in two lines', () => {
    const sources = allOperations(spec).flatMap(({ operation }) =>
      (operation['x-codeSamples'] ?? [])
        .filter((s: Json) => s.lang === 'TypeScript')
        .map((s: Json) => s.source),
    );
    // One line creates the client, one line starts the build and awaits its conclusion.
    const sample = sources.find((source: string) => /await startJobBuildAndWait\(/.test(source)) ?? '';
    expect(sample).toMatch(/^const client = createClient\(\);$/m);
    expect(sample).toMatch(/^const \w+ = await startJobBuildAndWait\(client, [^\n]*\);$/m);
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
