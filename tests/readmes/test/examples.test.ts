// Every TypeScript block of README.md and packages/*/README.md compiles on its own, as written, and
// runs. Each block becomes one .mts file of a fresh project whose node_modules links the built
// workspace packages; tsc checks them all (strict, module and moduleResolution nodenext, the
// default lib, @types/node, and the packages' own declarations: skipLibCheck off). Then each block
// runs in its own Node process against a Prism mock of the contract: the examples keep the
// client's default baseUrl, and a preload (route-to-mock.mjs) sends those requests to the mock.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PrismMock, startPrismMock } from '@start-job-build/prism-mock';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeBlock, readmePaths, repoRoot, typescriptBlocks, workspacePackages } from './readmes.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const require = createRequire(import.meta.url);
const TOKEN = 'nf-readme-example-token';

interface Example extends CodeBlock {
  /** The file the block is compiled as, inside the temporary project's src/. */
  file: string;
}

function examplesOf(readme: string): Example[] {
  return typescriptBlocks(readme).map((block) => ({
    ...block,
    file: `${block.readme.replace(/[^A-Za-z0-9]+/g, '_')}_L${block.line}.mts`,
  }));
}

const readmes = readmePaths();
const examples = readmes.flatMap(examplesOf);
// The negative control: a README with the mistakes this test exists to catch.
const broken = examplesOf(join(packageDir, 'fixtures/broken.md'));

let project: string;
let prism: PrismMock | undefined;
/** tsc's diagnostics, by the file they are about. */
const diagnostics = new Map<string, string[]>();

/** Links `target` as node_modules/`name` of the temporary project. */
function link(name: string, target: string) {
  const path = join(project, 'node_modules', name);
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(realpathSync(target), path);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 60_000) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      command,
      args,
      { cwd: project, env: { ...process.env, ...env }, timeout, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  // `turbo run test` builds first; run directly, the packages must have been built.
  if (!existsSync(join(repoRoot, 'packages/client/dist/index.js'))) {
    throw new Error('packages/client/dist is missing: run `pnpm build` first.');
  }
  project = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  // The workspace's packages as a user installs them (their built files, through their exports),
  // and the third-party modules an example may import (openapi-fetch, @types/node).
  for (const pkg of workspacePackages()) link(pkg.manifest.name, join(repoRoot, pkg.dir));
  const ownModules = join(packageDir, 'node_modules');
  for (const entry of readdirSync(ownModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(join(ownModules, entry))) {
        link(`${entry}/${scoped}`, join(ownModules, entry, scoped));
      }
    } else link(entry, join(ownModules, entry));
  }

  mkdirSync(join(project, 'src'));
  for (const example of [...examples, ...broken])
    writeFileSync(join(project, 'src', example.file), example.code);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'readme-examples', private: true }));
  const config = ts.parseJsonConfigFileContent(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        types: ['node'],
        skipLibCheck: false,
        outDir: 'out',
        rootDir: 'src',
      },
      include: ['src'],
    },
    ts.sys,
    project,
  );
  // The compiler API rather than the tsc command: tsc reports no type errors at all while any
  // file has a syntax error, and each block must be judged on its own.
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const sources = join(realpathSync(project), 'src');
  for (const diagnostic of [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ]) {
    const file = diagnostic.file;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (file?.fileName.startsWith(`${sources}/`)) {
      const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const name = file.fileName.slice(sources.length + 1);
      diagnostics.set(name, [
        ...(diagnostics.get(name) ?? []),
        `${line + 1}:${character + 1}: error TS${diagnostic.code}: ${message}`,
      ]);
    } else {
      diagnostics.set('', [
        ...(diagnostics.get('') ?? []),
        `${file?.fileName ?? ''} TS${diagnostic.code}: ${message}`,
      ]);
    }
  }
  program.emit();

  // Prism watches the file it mocks and restarts when it changes: give it a copy of its own.
  const spec = join(project, 'openapi.json');
  copyFileSync(require.resolve('@start-job-build/types/openapi.json'), spec);
  prism = await startPrismMock({ spec, errors: true });
}, 180_000);

afterAll(async () => {
  await prism?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** tsc's messages about an example, pointing at the README line they are about. */
function errorsOf(example: Example): string[] {
  return (diagnostics.get(example.file) ?? []).map((line) =>
    line.replace(
      /^(\d+):(\d+): /,
      (_, row, column) => `${example.readme}:${example.line + Number(row)}:${column}: `,
    ),
  );
}

describe('the README examples', () => {
  it('are found in the root README and every packages/*/README.md', () => {
    expect(readmes).toContain('README.md');
    expect(readmes).toContain('packages/client/README.md');
    expect(readmes).toContain('packages/types/README.md');
    for (const readme of ['README.md', 'packages/client/README.md', 'packages/types/README.md']) {
      expect(examples.filter((example) => example.readme === readme).length, readme).toBeGreaterThan(0);
    }
  });

  it('leave tsc nothing to say about anything but themselves', () => {
    expect(diagnostics.get('') ?? []).toEqual([]);
  });

  it('catch what they should (the negative control): undeclared names and a syntax error', () => {
    const [undeclared, syntax] = broken.map(errorsOf);
    expect(undeclared?.join('\n')).toMatch(
      /broken\.md:6:\d+: error TS18004: No value exists in scope for the shorthand property 'projectId'/,
    );
    expect(undeclared?.join('\n')).toMatch(
      /error TS18004: No value exists in scope for the shorthand property 'sha'/,
    );
    expect(syntax?.join('\n')).toMatch(/broken\.md:12:1: error TS1136: Property assignment expected/);
    expect(syntax?.join('\n')).toMatch(/error TS2304: Cannot find name 'client'/);
  });

  describe.each(examples.map((example) => [`${example.readme}:${example.line}`, example] as const))(
    '%s',
    (_, example) => {
      it('compiles on its own, strict, under nodenext', () => {
        expect(errorsOf(example)).toEqual([]);
      });

      it('runs against the Prism mock: exits 0, every request it sends is answered 2xx', async () => {
        expect(errorsOf(example), 'it must compile first').toEqual([]);
        const requestLog = join(project, `${example.file}.requests.jsonl`);
        writeFileSync(requestLog, '');
        const result = await run(
          process.execPath,
          [
            '--import',
            join(here, 'route-to-mock.mjs'),
            join(project, 'out', example.file.replace(/\.mts$/, '.mjs')),
          ],
          {
            NORTHFLANK_API_TOKEN: TOKEN,
            README_MOCK_URL: prism?.url ?? '',
            README_REQUEST_LOG: requestLog,
          },
        );
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
        const requests = readFileSync(requestLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { method: string; path: string; status: number });
        expect(requests.filter((request) => request.status < 200 || request.status > 299)).toEqual([]);
        // A block that awaits something is making calls: they must have reached the mock.
        if (/\bawait\b/.test(example.code)) expect(requests.length).toBeGreaterThan(0);
        expect(result.stdout).not.toContain(TOKEN);
      }, 60_000);
    },
  );
});
