// Installs the packages the way a user gets them: `pnpm pack` each published package, then
// `npm install` the tarballs (not workspace links) into a fresh project, compile a TypeScript
// consumer under nodenext and bundler resolution, and run an ES module and a CommonJS script
// that start builds against a server on 127.0.0.1.
import { execFile } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoDir = resolve(here, '../../..');
const published = [
  { name: '@start-job-build/types', dir: join(repoDir, 'packages/types') },
  { name: '@start-job-build/client', dir: join(repoDir, 'packages/client') },
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// npm and pnpm pass their settings to child processes as npm_config_* variables; a consumer's
// fresh project must not inherit this workspace's.
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key)),
  ) as NodeJS.ProcessEnv;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function mustRun(command: string, args: string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

let work: string;
let project: string;
const packed: Record<string, { filename: string; files: string[]; manifest: Record<string, unknown> }> = {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'consumer-smoke-'));
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const pkg of published) {
    const { stdout } = await mustRun('pnpm', ['pack', '--pack-destination', tarballs, '--json'], pkg.dir);
    const info = JSON.parse(stdout) as { filename: string; files: { path: string }[] };
    const { stdout: manifest } = await mustRun('tar', ['-xzOf', info.filename, 'package/package.json'], work);
    packed[pkg.name] = {
      filename: info.filename,
      files: info.files.map((file) => file.path),
      manifest: JSON.parse(manifest),
    };
  }

  project = join(work, 'project');
  cpSync(join(here, '../fixtures/consumer'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await mustRun(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--no-package-lock',
      '--save-exact',
      ...published.map((pkg) => packed[pkg.name].filename),
      'typescript@5.9.3',
    ],
    project,
  );
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it.each(published)('$name ships its entry points, README and license', ({ name }) => {
    const { files } = packed[name];
    const expected =
      name === '@start-job-build/client'
        ? ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']
        : [
            'src/index.js',
            'src/index.d.ts',
            'src/generated/openapi.d.ts',
            'openapi/openapi.json',
            'openapi/openapi.yaml',
          ];
    expect(files).toEqual(expect.arrayContaining([...expected, 'package.json', 'README.md', 'LICENSE']));
    expect(files.filter((file) => /(^|\/)(test|node_modules)\//.test(file) || file.endsWith('.tgz'))).toEqual(
      [],
    );
  });

  it.each(published)('$name has no workspace: links left in its manifest', ({ name }) => {
    const { manifest } = packed[name];
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    if (name === '@start-job-build/client') {
      const types = packed['@start-job-build/types'].manifest.version;
      expect(manifest.dependencies).toMatchObject({ '@start-job-build/types': types });
    }
  });

  it('installs as real directories from the tarballs, not as links', () => {
    for (const pkg of published) {
      const installed = join(project, 'node_modules', pkg.name);
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe(
        packed[pkg.name].manifest.version,
      );
    }
  });
});

describe('TypeScript consumers of the installed packages', () => {
  const tsc = (config: string) =>
    run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], project);

  it('compiles an ES module and a CommonJS consumer under moduleResolution nodenext', async () => {
    const result = await tsc('tsconfig.nodenext.json');
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('compiles a consumer under moduleResolution bundler', async () => {
    const result = await tsc('tsconfig.bundler.json');
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails on a wrong body shape (the negative control)', async () => {
    const result = await tsc('tsconfig.broken.json');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/broken-consumer\.mts\(\d+,\d+\): error TS2322/);
  });
});

describe('running the installed client against a local server', () => {
  const requests: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const buildStarted = {
    data: {
      id: 'joyous-view-6290',
      branch: 'main',
      sha: '12c15e7ee25fd78f567ebf87f9178b8ad70025b3',
      createdAt: '2021-07-28T15:55:38.296Z',
      status: 'PENDING',
      concluded: false,
    },
  };
  const listed = { builds: [buildStarted.data], pagination: { hasNextPage: false, count: 1 } };
  let server: Server;
  let baseUrl: string;
  const spec = () =>
    JSON.parse(
      readFileSync(join(project, 'node_modules/@start-job-build/types/openapi/openapi.json'), 'utf8'),
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        if (req.url?.includes('/jobs/missing/')) {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { status: 404, message: 'Job not found' } }));
        } else if (req.method === 'DELETE') {
          res.end(JSON.stringify({ data: {} }));
        } else if (req.method === 'GET' && req.url?.includes('/build?')) {
          res.end(JSON.stringify({ data: listed }));
        } else {
          res.end(JSON.stringify(buildStarted));
        }
      });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  it.each([
    { format: 'esm', script: 'esm-run.mjs', example: 'StartWithOverrides' },
    { format: 'cjs', script: 'cjs-run.cjs', example: 'StartWithCurrentSettings' },
  ])(
    '$format: starts, reads, lists and aborts builds, maps a 404 and refuses an invalid body before sending',
    async ({ format, script, example }) => {
      const before = requests.length;
      const result = await run(process.execPath, [script, baseUrl], project);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const output = JSON.parse(result.stdout);
      expect(output.format).toBe(format);
      expect(output.build).toEqual(buildStarted.data);
      expect(output.fetchedId).toBe(buildStarted.data.id);
      expect(output.page).toEqual(listed);
      expect(output.aborted).toEqual({});
      expect(output.notFound).toMatchObject({ isNotFound: true, status: 404 });
      expect(output.notFound.message).toContain('Job not found');
      expect(output.invalid).toEqual({ isValidation: true, pointers: ['/sha'] });

      // Five requests reached the server; the invalid body never left the process.
      const seen = requests.slice(before);
      const byId = `/v1/projects/${format}-project/jobs/nightly/build/${buildStarted.data.id}`;
      expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        `POST /v1/projects/${format}-project/jobs/nightly/build`,
        `GET ${byId}`,
        `GET /v1/projects/${format}-project/jobs/nightly/build?per_page=20`,
        `DELETE ${byId}`,
        `POST /v1/projects/${format}-project/jobs/missing/build`,
      ]);
      for (const request of seen) expect(request.headers.authorization).toBe('Bearer nf-consumer-token');
      const [first] = seen;
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(first.headers['user-agent']).toMatch(/@start-job-build\/client\/\S+.*consumer-smoke\/1\.0/);
      expect(JSON.parse(first.body)).toEqual(spec().components.examples[example].value);
    },
  );

  // Code that mixes module formats (an ES module app using a CommonJS library, or the reverse)
  // must see one class per error: two copies would make `instanceof` answer false.
  it.each([
    { first: 'import', script: 'mixed-esm-first.mjs' },
    { first: 'require', script: 'mixed-cjs-first.cjs' },
  ])(
    'one copy of the package for import and require ($first first): errors thrown through either format are instanceof the classes of the other',
    async ({ first, script }) => {
      const result = await run(process.execPath, [script, baseUrl], project);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      const recognised = {
        invalid: [true, true, 'ValidationError'],
        notFound: [true, true, true, 'NotFoundError'],
      };
      expect(report).toEqual({
        first,
        // `require` went through the package's "require" condition.
        requiredFrom: join(project, 'node_modules/@start-job-build/client/dist/index.cjs'),
        exportedFunctions: expect.any(Number),
        sameExportNames: true,
        differ: [],
        importThrownRequireCaught: recognised,
        requireThrownImportCaught: recognised,
      });
      expect(report.exportedFunctions).toBeGreaterThan(15);
    },
  );
});
