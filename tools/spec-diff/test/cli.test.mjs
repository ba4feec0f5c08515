// The gate end to end: `spec-diff --base <ref>` in throwaway git repositories, with the base
// spec committed, a revised spec in the working tree and fixture changesets.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, readFixture, repoDir, runCli } from './helpers.mjs';

const badge = { major: '🔴 major', minor: '🟡 minor', patch: '🔵 patch' };

let repo;
afterEach(() => repo?.remove());

function repoWithChange(group, name) {
  const fixture = readFixture(group, name);
  repo = createRepo({ spec: fixture.base });
  repo.writeSpec(fixture.revision);
  return repo;
}

describe('spec-diff --base <ref>', () => {
  it('fails a major change that has only a minor changeset, and names the change', async () => {
    repoWithChange('major', 'remove-response-property').addChangeset('client-minor');
    const summary = join(repo.dir, 'summary.md');
    const result = await runCli(['--base', 'main', '--summary', summary], { cwd: repo.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('breaking-change gate failed');
    expect(result.stderr).toContain('needs a major release');
    expect(result.stderr).toContain('Property `branch` of `data` was removed.');
    expect(result.stderr).toContain('response 200 › data.branch');
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('**Breaking-change gate: ❌ failed.**');
    expect(markdown).toMatch(/\| 🔴 major \| Property `branch` of `data` was removed\. \|/);
    expect(markdown).toContain('`.changeset/client-minor.md`');
  });

  it('passes the same change once a major changeset is pending (one package covers the fixed group)', async () => {
    repoWithChange('major', 'remove-response-property').addChangeset('types-major');
    const json = join(repo.dir, 'result.json');
    const result = await runCli(['--base', 'main', '--json', json], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.required).toBe('major');
    expect(written.declared['@start-job-build/client'].bump).toBe('major');
    expect(written.gate.passed).toBe(true);
  });

  it.each([
    ['major', 'tighten-pattern', 'client-minor', 1],
    ['major', 'optional-field-becomes-required', 'types-patch', 1],
    ['minor', 'add-optional-request-field', 'types-patch', 1],
    ['minor', 'add-optional-request-field', 'client-minor', 0],
    ['patch', 'change-description', 'docs-major', 1],
    ['patch', 'change-description', 'types-patch', 0],
  ])('%s/%s with changeset %s exits %i', async (group, name, changeset, code) => {
    repoWithChange(group, name).addChangeset(changeset);
    const result = await runCli(['--base', 'main'], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(code);
    expect(result.stdout).toContain(`| \`@start-job-build/types\` | ${badge[group]} |`);
    expect(result.stdout).toContain(
      code === 0 ? 'Breaking-change gate: ✅ passed' : 'Breaking-change gate: ❌ failed',
    );
  });

  it('--report-only prints the failed verdict but exits 0', async () => {
    repoWithChange('major', 'tighten-pattern');
    const result = await runCli(['--base', 'main', '--report-only'], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Breaking-change gate: ❌ failed');
    expect(result.stderr).toContain('`pattern` of `dockerfileTarget` changed');
  });

  it('passes when the spec did not change, even without changesets', async () => {
    repoWithChange('none', 'no-change');
    const result = await runCli(['--base', 'main'], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No changes to the contract.');
  });

  it('reads the split spec at the base ref (a breaking edit to a component file of the real spec)', async () => {
    repo = createRepo({ spec: join(repoDir, 'spec') });
    const jobBuild = join(repo.dir, 'spec/components/schemas/JobBuild.yaml');
    const original = readFileSync(jobBuild, 'utf8');
    const edited = original.replace(/\n {2}concluded:\n(?: {4}.*\n)+/, '\n');
    expect(edited).not.toBe(original);
    writeFileSync(jobBuild, edited);
    const result = await runCli(['--base', 'HEAD'], { cwd: join(repo.dir, 'spec') });
    expect(result.code).toBe(1);
    // Named by the first place the diff meets it (a build in the list response, or a `data`).
    expect(result.stderr).toMatch(/Property `concluded` of `(data|JobBuild)` was removed\./);
    expect(result.stdout).toContain('`#/components/schemas/JobBuild/properties/concluded`');
  });

  // The reviewer's cases: edits to the real split spec that `redocly diff` rates patch or not at all.
  const edit = (file, from, to) => {
    const path = join(repo.dir, 'spec', file);
    const original = readFileSync(path, 'utf8');
    const edited = original.replaceAll(from, to);
    expect(edited, `${file} contains ${from}`).not.toBe(original);
    writeFileSync(path, edited);
  };
  it.each([
    {
      name: 'removing CRASHED from JobBuildStatus',
      required: 'major',
      message: "Enum of `status` lost values: 'CRASHED'.",
      apply: () => edit('components/schemas/JobBuildStatus.yaml', '  - CRASHED\n', ''),
    },
    {
      name: 'renaming the jobId path parameter',
      required: 'major',
      message: 'Parameter `jobId` was renamed to `jobID`',
      apply: () => {
        edit('components/parameters/JobId.yaml', 'name: jobId', 'name: jobID');
        edit('openapi.yaml', '{jobId}', '{jobID}');
      },
    },
    {
      name: 'renaming the JobBuild schema to Build',
      required: 'major',
      message: 'Component `schemas.JobBuild` was renamed to `Build`',
      apply: () => {
        renameSync(
          join(repo.dir, 'spec/components/schemas/JobBuild.yaml'),
          join(repo.dir, 'spec/components/schemas/Build.yaml'),
        );
        edit('components/schemas/Build.yaml', 'title: JobBuild', 'title: Build');
        edit('components/schemas/StartJobBuildResponse.yaml', './JobBuild.yaml', './Build.yaml');
        edit('components/schemas/JobBuildDetails.yaml', './JobBuild.yaml', './Build.yaml');
      },
    },
    {
      name: 'changing only an example value',
      required: 'patch',
      message: 'Only documentation or examples changed',
      apply: () => edit('components/examples/BuildStarted.yaml', 'joyous-view-6290', 'joyous-view-6291'),
    },
  ])('rates $name as $required', async ({ required, message, apply }) => {
    repo = createRepo({ spec: join(repoDir, 'spec') });
    apply();
    const json = join(repo.dir, 'result.json');
    const result = await runCli(['--base', 'HEAD', '--json', json], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(readFileSync(json, 'utf8')).required).toBe(required);
    expect(result.stderr).toContain(`needs a ${required} release`);
    expect(result.stderr).toContain(message);
    if (required === 'patch') {
      repo.addChangeset('types-patch');
      const passed = await runCli(['--base', 'HEAD'], { cwd: repo.dir });
      expect(passed.code, passed.stderr).toBe(0);
      expect(passed.stdout).toContain(message);
    }
  });

  it('treats a spec that is new since the base ref as a minor change', async () => {
    repo = createRepo({ spec: readFixture('none', 'no-change').base });
    rmSync(join(repo.dir, 'spec'), { recursive: true });
    const { git } = await import('./helpers.mjs');
    git(repo.dir, 'commit', '-q', '-am', 'drop the spec');
    repo.writeSpec(readFixture('none', 'no-change').base);
    const result = await runCli(['--base', 'HEAD'], { cwd: repo.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('does not exist at `HEAD`');
    expect(result.stderr).toContain('needs a minor release');
  });

  it('exits 2 with a hint when the base ref is unknown', async () => {
    repoWithChange('none', 'no-change');
    const result = await runCli(['--base', 'origin/no-such-branch'], { cwd: repo.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"origin/no-such-branch" is not a commit');
    expect(result.stderr).toContain('fetch-depth: 0');
  });

  it('exits 2 with usage when --base is missing', async () => {
    const result = await runCli([], { cwd: repoDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--base <git ref> is required');
  });

  it('exits 2 and shows Redocly’s error when the working-tree spec cannot be bundled', async () => {
    repoWithChange('none', 'no-change');
    writeFileSync(
      join(repo.dir, 'spec/openapi.yaml'),
      'openapi: 3.1.0\npaths:\n  /x:\n    $ref: ./missing.yaml\n',
    );
    const result = await runCli(['--base', 'main'], { cwd: repo.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/redocly (bundle|diff) failed/);
  });
});
