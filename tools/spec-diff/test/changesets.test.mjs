// What the pending changesets declare, read with @changesets/read and the fixed group from
// .changeset/config.json, and how the gate weighs it against the spec change.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredBumps, publishedPackages } from '../src/changesets.mjs';
import { evaluateGate } from '../src/run.mjs';
import { fixturesDir, repoDir } from './helpers.mjs';

let root;
function project(changesets, { fixed = true } = {}) {
  root = mkdtempSync(join(tmpdir(), 'spec-diff-changesets-'));
  for (const [dir, manifest] of [
    ['packages/types', { name: '@start-job-build/types' }],
    ['packages/client', { name: '@start-job-build/client' }],
    ['packages/internal', { name: '@start-job-build/internal', private: true }],
  ]) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  }
  mkdirSync(join(root, '.changeset'));
  if (fixed) copyFileSync(join(repoDir, '.changeset/config.json'), join(root, '.changeset/config.json'));
  else writeFileSync(join(root, '.changeset/config.json'), JSON.stringify({ fixed: [] }));
  copyFileSync(join(repoDir, '.changeset/README.md'), join(root, '.changeset/README.md'));
  for (const name of changesets) {
    copyFileSync(join(fixturesDir, 'changesets', `${name}.md`), join(root, '.changeset', `${name}.md`));
  }
  return root;
}
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('declaredBumps', () => {
  it('lists the published (non-private) packages', () => {
    expect(publishedPackages(project([]))).toEqual(['@start-job-build/client', '@start-job-build/types']);
  });

  it('declares nothing without changesets (the README is not one)', async () => {
    const { packages } = await declaredBumps(project([]));
    expect(packages).toEqual({
      '@start-job-build/client': { bump: 'none', changesets: [] },
      '@start-job-build/types': { bump: 'none', changesets: [] },
    });
  });

  it('applies a bump to the whole fixed group and takes the largest', async () => {
    const { packages } = await declaredBumps(project(['types-patch', 'client-minor']));
    expect(packages['@start-job-build/types']).toEqual({
      bump: 'minor',
      changesets: ['client-minor', 'types-patch'],
    });
    expect(packages['@start-job-build/client'].bump).toBe('minor');
  });

  it('counts each package on its own when they are not a fixed group', async () => {
    const { packages } = await declaredBumps(project(['types-major'], { fixed: false }));
    expect(packages['@start-job-build/types'].bump).toBe('major');
    expect(packages['@start-job-build/client'].bump).toBe('none');
  });

  it('ignores bumps of packages that are not published', async () => {
    const { packages } = await declaredBumps(project(['docs-major']));
    expect(packages['@start-job-build/types'].bump).toBe('none');
  });
});

describe('evaluateGate', () => {
  const major = {
    bump: 'major',
    changes: [
      {
        impact: 'major',
        message: 'Property `branch` of `data` was removed.',
        location: 'response 200 › data.branch',
      },
      { impact: 'minor', message: 'Added Schema.', location: 'request body › dryRun' },
    ],
  };
  const both = (bump) => ({
    '@start-job-build/types': { bump, changesets: [] },
    '@start-job-build/client': { bump, changesets: [] },
  });

  it('fails a major change with only a minor changeset, naming the breaking change', () => {
    const gate = evaluateGate(major, both('minor'));
    expect(gate.passed).toBe(false);
    expect(gate.reason).toMatch(/needs a major release/);
    expect(gate.failing).toEqual(['Property `branch` of `data` was removed. (response 200 › data.branch)']);
  });

  it('passes when the declared bump is at least the required one', () => {
    expect(evaluateGate(major, both('major')).passed).toBe(true);
    expect(evaluateGate({ bump: 'minor', changes: [] }, both('major')).passed).toBe(true);
    expect(evaluateGate({ bump: 'patch', changes: [] }, both('patch')).passed).toBe(true);
  });

  it('requires a changeset even for a patch-level spec change', () => {
    expect(evaluateGate({ bump: 'patch', changes: [] }, both('none')).passed).toBe(false);
  });

  it('passes when the contract did not change, whatever the changesets say', () => {
    expect(evaluateGate({ bump: 'none', changes: [] }, both('none')).passed).toBe(true);
  });
});
