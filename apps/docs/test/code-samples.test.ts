// The code samples the docs show, generated from the contract's examples by
// scripts/code-samples.mjs:
// - every request example of every operation has a curl and a TypeScript sample, labelled so
//   that Redoc lists them, and the built page shows exactly these;
// - every TypeScript sample is compiled with tsc in strict mode against the real, built
//   @start-job-build/client (a deliberately broken copy must fail in the same run), and then run
//   with a recording fetch: it must send the same method, URL and body as its curl sample, and
//   that body must be the example's value. (preview.test.ts sends the curl samples to Prism.)
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredRedocOptions, DOCS_DIR } from '../scripts/build.mjs';
import {
  operationsOf,
  redocOptions,
  requestExamples,
  sampleLabel,
  typescriptLiteral,
  withCodeSamples,
} from '../scripts/code-samples.mjs';
import {
  allOperations,
  builtPage,
  bundledSpec,
  deref,
  embeddedDefinition,
  type Json,
  requestCount,
  shownSpec,
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

interface Shown {
  operationId: string;
  method: string;
  path: string;
  operation: Json;
  samples: { lang: string; label: string; source: string }[];
}

let contract: Json;
let shown: Json;
let workDir: string;
beforeAll(() => {
  contract = bundledSpec();
  shown = shownSpec();
  // Inside apps/docs so that Node resolution finds @start-job-build/client and @types/node.
  workDir = mkdtempSync(join(DOCS_DIR, '.sample-check-'));
});
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function shownOperations(): Shown[] {
  return operationsOf(shown).map(({ path, method, operation }: Json) => ({
    operationId: operation.operationId,
    method,
    path,
    operation,
    samples: operation['x-codeSamples'],
  }));
}

/** What a curl sample sends: method, URL (with the path filled in) and body. */
function parseCurl(source: string) {
  const body = source.match(/--data '([^']*)'/)?.[1];
  const url = (source.trim().split(/\s+/).at(-1) ?? '').replace(/^"(.*)"$/, '$1');
  return {
    method: source.match(/--request (\w+)/)?.[1],
    url,
    body: body === undefined ? undefined : JSON.parse(body),
    headers: [...source.matchAll(/--header "([^:]+): ([^"]+)"/g)].map(
      ([, name, value]) => `${name}: ${value}`,
    ),
  };
}

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

// Replaces the global fetch before a sample runs: each request is printed as one JSON line and
// answered with the operation's documented 200 example, so the sample runs to its end offline.
const RECORDING_FETCH = `
const answer = JSON.parse(process.env.SAMPLE_ANSWER);
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  process.stdout.write('REQUEST ' + JSON.stringify({
    method: request.method,
    url: request.url,
    body: body === '' ? undefined : JSON.parse(body),
    authorization: request.headers.get('authorization'),
  }) + '\\n');
  return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
};
`;

/** Transpiles a TypeScript sample and runs it with the recording fetch; returns what it sent. */
async function runSample(name: string, source: string, answer: unknown) {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(join(workDir, `${name}.mjs`), js);
  writeFileSync(join(workDir, 'recording-fetch.mjs'), RECORDING_FETCH);
  const { stdout } = await run(process.execPath, ['--import', './recording-fetch.mjs', `${name}.mjs`], {
    cwd: workDir,
    env: {
      PATH: process.env.PATH,
      NORTHFLANK_API_TOKEN: 'sample-test-token',
      SAMPLE_ANSWER: JSON.stringify(answer),
    },
  });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('REQUEST '))
    .map((line) => JSON.parse(line.slice('REQUEST '.length)));
}

describe('generated samples', () => {
  it('cover every request example of every operation, in curl and TypeScript', () => {
    const operations = shownOperations();
    expect(operations.map((o) => o.operationId).sort()).toEqual(
      allOperations(contract)
        .map(({ operation }) => operation.operationId)
        .sort(),
    );
    expect(operations.map((o) => o.operationId)).toContain('startJobBuild');
    for (const entry of operationsOf(shown)) {
      const examples = requestExamples(shown, entry);
      const samples = entry.operation['x-codeSamples'];
      expect(samples.map((s: Json) => s.label)).toEqual(
        ['curl', 'TypeScript'].flatMap((lang) =>
          examples.map((e: Json) => sampleLabel(lang, e, examples.length)),
        ),
      );
      expect(new Set(samples.map((s: Json) => s.label)).size).toBe(samples.length);
    }
    // The start operation: one pair per example of its request body, named after the example.
    const start = operations.find((o) => o.operationId === 'startJobBuild');
    expect(Object.keys(start?.operation.requestBody.content['application/json'].examples)).toEqual([
      'currentSettings',
      'withOverrides',
    ]);
    expect(start?.samples.map((s) => s.label)).toEqual([
      'curl · current settings',
      'curl · with overrides',
      'TypeScript · current settings',
      'TypeScript · with overrides',
    ]);
  });

  it('are not kept in the contract: they are generated, replacing any that are there', () => {
    for (const { operation } of operationsOf(contract)) {
      expect(operation['x-codeSamples'], operation.operationId).toBeUndefined();
    }
    const stale = structuredClone(contract);
    stale.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post['x-codeSamples'] = [
      { lang: 'curl', label: 'curl', source: 'curl https://example.invalid' },
    ];
    expect(withCodeSamples(stale)).toEqual(shown);
    expect(withCodeSamples(shown)).toEqual(shown);
  });

  it('follow a new example with no code change: an added body example gets its own pair', () => {
    const changed = structuredClone(contract);
    const media =
      changed.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post.requestBody.content[
        'application/json'
      ];
    media.examples.dockerTarget = {
      summary: 'Build one stage',
      value: { overrides: { docker: { dockerfileTarget: 'production' } } },
    };
    const samples =
      withCodeSamples(changed).paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post['x-codeSamples'];
    const curl = samples.find((s: Json) => s.label === 'curl · docker target');
    expect(parseCurl(curl.source).body).toEqual({
      overrides: { docker: { dockerfileTarget: 'production' } },
    });
    expect(samples.find((s: Json) => s.label === 'TypeScript · docker target').source).toContain(
      "docker: { dockerfileTarget: 'production' }",
    );
  });

  it('fail the build, naming the gap, when a path parameter has no example', () => {
    const changed = structuredClone(contract);
    delete changed.components.parameters.JobId.example;
    expect(() => withCodeSamples(changed)).toThrow(/parameter `jobId` has no example/);
  });

  it("curl: each sends its example's body exactly, to the path filled with the parameters' examples", () => {
    for (const { operationId, method, operation, samples } of shownOperations()) {
      const entry = operationsOf(shown).find((e: Json) => e.operation.operationId === operationId);
      const examples = requestExamples(shown, entry);
      const curls = samples.filter((s) => s.lang === 'curl');
      expect(curls).toHaveLength(examples.length);
      for (const [index, example] of examples.entries()) {
        const sent = parseCurl(curls[index]?.source ?? '');
        expect(sent.method, operationId).toBe(method.toUpperCase());
        expect(sent.url).toBe(`${shown.servers[0].url}${example.path}`);
        expect(sent.url).not.toMatch(/[{}]/);
        expect(sent.headers).toContain('Authorization: Bearer $NORTHFLANK_API_TOKEN');
        if (operation.requestBody) {
          const value = deref(
            shown,
            operation.requestBody.content['application/json'].examples[example.key],
          ).value;
          expect(sent.body, `${operationId} ${example.key}`).toEqual(value);
          expect(sent.headers).toContain('Content-Type: application/json');
        } else {
          expect(sent.body, operationId).toBeUndefined();
        }
      }
    }
  });

  it("curl: the overrides sample is the seed page's second request", () => {
    const start = shownOperations().find((o) => o.operationId === 'startJobBuild');
    const sent = parseCurl(start?.samples.find((s) => s.label === 'curl · with overrides')?.source ?? '');
    expect(sent.body.overrides.buildArguments).toEqual({ ARGUMENT_1: 'abcdef', ARGUMENT_2: '12345' });
    expect(Object.keys(sent.body.overrides)).toEqual([
      'buildArguments',
      'buildFiles',
      'dockerSecretMounts',
      'docker',
    ]);
  });

  it('TypeScript: literals keep every string exact, quotes and escapes included', () => {
    const value = { plain: 'a', "it's": 'say "hi"\n\\', '/dir/file': [1, null, true] };
    const literal = typescriptLiteral(value);
    // biome-ignore lint/security/noGlobalEval: the literal is our own output, evaluated to check it.
    expect(eval(`(${literal})`)).toEqual(value);
  });

  it('TypeScript: every sample type-checks in strict mode against the built client', async () => {
    const clientTypes = join(
      dirname(require.resolve('@start-job-build/client/package.json')),
      'dist/index.d.ts',
    );
    if (!existsSync(clientTypes)) {
      throw new Error(`${clientTypes} is missing: build the client first (pnpm build).`);
    }
    const samples: Record<string, string> = {};
    for (const { operationId, samples: all } of shownOperations()) {
      for (const [index, sample] of all.entries()) {
        if (sample.lang === 'TypeScript') samples[`sample-${operationId}-${index}.mts`] = sample.source;
        if (sample.lang === 'TypeScript') {
          expect(sample.source).toMatch(
            /import \{[^}]*\bcreateClient\b[^}]*\} from '@start-job-build\/client';/,
          );
          expect(sample.source).toContain(`client.${operationId}(`);
          expect(sample.source).not.toMatch(/NORTHFLANK_API_TOKEN\s*=|token:\s*'[^']+'/); // no literal token
        }
      }
    }
    // One per request: per example of an operation's body, or one without a body.
    expect(Object.keys(samples)).toHaveLength(requestCount(contract));
    const start = Object.values(samples).find((source) => source.includes('overrides')) ?? '';
    // Same sample with a number where the path parameter must be a string.
    const broken = start.replace(/jobId: '[^']+'/, 'jobId: 42');
    expect(broken).not.toBe(start);
    // The signature the client had before: the build id as a second argument.
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

  it('TypeScript: every sample, run, sends the same request as its curl twin', async () => {
    for (const { operationId, operation, samples } of shownOperations()) {
      // The operation's documented 200 example, so that the sample gets the answer it expects.
      const examples = operation.responses['200'].content['application/json'].examples;
      const answer = deref(shown, Object.values<Json>(examples)[0]).value;
      const curls = samples.filter((s) => s.lang === 'curl');
      const scripts = samples.filter((s) => s.lang === 'TypeScript');
      for (const [index, script] of scripts.entries()) {
        const expected = parseCurl(curls[index]?.source ?? '');
        const sent = await runSample(`run-${operationId}-${index}`, script.source, answer);
        expect(sent, script.label).toEqual([
          {
            method: expected.method,
            url: expected.url,
            body: expected.body,
            authorization: 'Bearer sample-test-token',
          },
        ]);
      }
    }
  }, 60_000);
});

describe('the built page', () => {
  it('shows exactly the generated samples, and lists every label in its sample menu', () => {
    const page = builtPage();
    const embedded = embeddedDefinition(page);
    expect(embedded).toEqual(shown);
    const options = JSON.parse(page.match(/const __redoc_options = (.*);\n/)?.[1] ?? 'null');
    expect(options.codeSamples).toEqual(redocOptions(configuredRedocOptions(), shown).codeSamples);
    const listed = options.codeSamples.languages.map((l: Json) => l.label ?? l.lang);
    for (const { samples } of shownOperations()) {
      for (const sample of samples) expect(listed).toContain(sample.label);
    }
  });
});
