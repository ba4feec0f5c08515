// Test helpers: temporary git repositories shaped like this monorepo, and the CLI run as a
// child process exactly as `pnpm spec:diff` runs it.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const toolDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = join(toolDir, '../..');
export const fixturesDir = join(toolDir, 'test/fixtures');
const bin = join(toolDir, 'bin/spec-diff.mjs');

export function readFixture(group, name) {
  return parse(readFileSync(join(fixturesDir, group, `${name}.yaml`), 'utf8'));
}

export function git(cwd, ...args) {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=spec-diff tests',
      '-c',
      'user.email=spec-diff@example.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * A throwaway repository with the published packages' manifests, the real changesets config
 * (fixed group) and the given spec committed as the base; the working tree starts equal to it.
 */
export function createRepo({ spec }) {
  const dir = mkdtempSync(join(tmpdir(), 'spec-diff-repo-'));
  const write = (path, content) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  write('packages/types/package.json', JSON.stringify({ name: '@start-job-build/types', version: '0.1.0' }));
  write(
    'packages/client/package.json',
    JSON.stringify({ name: '@start-job-build/client', version: '0.1.0' }),
  );
  write('apps/docs/package.json', JSON.stringify({ name: '@start-job-build/docs', private: true }));
  mkdirSync(join(dir, '.changeset'));
  copyFileSync(join(repoDir, '.changeset/config.json'), join(dir, '.changeset/config.json'));
  copyFileSync(join(repoDir, '.changeset/README.md'), join(dir, '.changeset/README.md'));
  copyFileSync(join(repoDir, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  if (typeof spec === 'string') {
    // A directory to copy, such as the real split spec.
    cpSync(spec, join(dir, 'spec'), {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
  } else {
    write('spec/openapi.yaml', stringify(spec));
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return {
    dir,
    write,
    writeSpec: (doc) => write('spec/openapi.yaml', stringify(doc)),
    addChangeset: (fixtureName) =>
      copyFileSync(
        join(fixturesDir, 'changesets', `${fixtureName}.md`),
        join(dir, '.changeset', `${fixtureName}.md`),
      ),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs the CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runCli(args, { cwd, env = {} } = {}) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: { ...process.env, GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}
