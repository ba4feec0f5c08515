// The published package, as a user gets it: `pnpm pack` of types, client and cli, `npm install`
// of the three tarballs into a fresh project (as tests/consumer-smoke does), then `npx job-build`
// there. The tarball passes publint and ships the bin, its README and license, and nothing else.
// (@arethetypeswrong/cli does not apply: the package has a bin and no types to import.)
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from './helpers/run.js';
import { type FakeServer, startServer } from './helpers/server.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = resolve(pkgDir, '../..');
const PACKAGES = ['types', 'client', 'cli'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// npm and pnpm hand their settings to child processes as npm_config_* variables; the fresh
// project must not inherit this workspace's.
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
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

// npx runs the project's own bin; npm_config_yes=false makes sure that, were it missing, npx
// would fail rather than install some other `job-build` from the registry.
const npx = (args: string[]) => run('npx', args, project, cleanEnv({ npm_config_yes: 'false' }));

let work: string;
let project: string;
let server: FakeServer;
const tarballs: Record<string, string> = {};
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'job-build-pack-'));
  for (const name of PACKAGES) {
    const { stdout } = await mustRun(
      'pnpm',
      ['pack', '--pack-destination', work, '--json'],
      join(repoDir, 'packages', name),
    );
    tarballs[name] = JSON.parse(stdout).filename;
  }
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ci-project', private: true }));
  await mustRun(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--no-package-lock',
      ...Object.values(tarballs),
    ],
    project,
  );
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the bin, its chunks, README and license, and nothing else', async () => {
    const { stdout } = await mustRun('tar', ['-tzf', tarballs.cli as string], work);
    const files = stdout.trim().split('\n').sort();
    expect(files.filter((file) => !/^package\/dist\/chunk-\w+\.js$/.test(file))).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/dist/bin.js',
      'package/dist/commands.js',
      'package/package.json',
    ]);
  });

  it('depends on the client alone, at its exact version, with no workspace: link left', async () => {
    const { stdout } = await mustRun('tar', ['-xzOf', tarballs.cli as string, 'package/package.json'], work);
    const manifest = JSON.parse(stdout);
    const client = JSON.parse(readFileSync(join(repoDir, 'packages/client/package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ '@start-job-build/client': client.version });
    expect(manifest.bin).toEqual({ 'job-build': './dist/bin.js' });
    expect(stdout).not.toContain('workspace:');
  });

  it('passes publint', async () => {
    const { messages, pkg } = await publint({
      pkgDir: 'package',
      pack: { tarball: new Uint8Array(readFileSync(tarballs.cli as string)).buffer },
      strict: true,
    });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });
});

describe('installed from the tarballs into a fresh project', () => {
  it('installs nothing beyond the client and what the client needs', () => {
    const scoped = readdirSync(join(project, 'node_modules/@start-job-build'));
    const top = readdirSync(join(project, 'node_modules')).filter(
      (name) => !name.startsWith('.') && !name.startsWith('@'),
    );
    expect(scoped.sort()).toEqual(['cli', 'client', 'types']);
    expect(top.sort()).toEqual(['openapi-fetch', 'openapi-typescript-helpers']);
  });

  it('npx job-build --version', async () => {
    expect(existsSync(join(project, 'node_modules/.bin/job-build'))).toBe(true);
    const result = await npx(['job-build', '--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('npx job-build start --wait against the local server', async () => {
    const before = server.requests.length;
    const result = await npx([
      'job-build',
      'start',
      '--base-url',
      server.url,
      '--project',
      'p',
      '--job',
      'nightly',
      '--wait',
      '--poll-interval',
      '20ms',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'SUCCESS', concluded: true, success: true });
    const requests = server.requests.slice(before);
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
    const client = JSON.parse(readFileSync(join(repoDir, 'packages/client/package.json'), 'utf8'));
    expect(requests[0]?.userAgent).toBe(`@start-job-build/client/${client.version} job-build/${version}`);
  });

  it('npx job-build refuses an invalid body before sending (exit 2)', async () => {
    const before = server.requests.length;
    const result = await npx([
      'job-build',
      'start',
      '--base-url',
      server.url,
      '--project',
      'p',
      '--job',
      'j',
      '--sha',
      'short',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sha: must NOT have fewer than 40 characters');
    expect(server.requests.length).toBe(before);
  });
});
