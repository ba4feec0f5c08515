// .github/workflows/docs.yml publishes what this package builds. actionlint and the pinning
// policy are checked for every workflow in tools/spec-diff; this holds the docs-specific parts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DOCS_DIR, REPO_ROOT } from '../scripts/build.mjs';
import type { Json } from './helpers.js';

const workflow = parseYaml(readFileSync(join(REPO_ROOT, '.github/workflows/docs.yml'), 'utf8'));
const steps = (job: string): Json[] => workflow.jobs[job].steps;
const step = (job: string, action: string): Json => steps(job).find((s) => s.uses?.startsWith(`${action}@`));

describe('docs.yml', () => {
  it('runs on pushes to main, read-only by default, one deployment at a time', () => {
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
  });

  it('grants pages: write and id-token: write to the deploy job only', () => {
    expect(workflow.jobs.deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(workflow.jobs.build.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.deploy.needs).toBe('build');
    expect(workflow.jobs.deploy.environment.name).toBe('github-pages');
  });

  it('builds the docs with pnpm and Node from the repository pins, then uploads apps/docs/dist', () => {
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).packageManager).toBe(
      'pnpm@12.4.2',
    );
    expect(readFileSync(join(REPO_ROOT, '.node-version'), 'utf8').trim()).toBe('24');
    expect(step('build', 'actions/setup-node').with).toEqual({
      'node-version-file': '.node-version',
      // What is deployed is built without anything restored from a cache.
      'package-manager-cache': false,
    });
    const script = steps('build')
      .map((s) => s.run ?? '')
      .join('\n');
    expect(script).toContain('npm i -g pnpm@12.4.2');
    expect(script).toContain('pnpm install --frozen-lockfile');
    expect(script).toContain('turbo run build --filter=@start-job-build/docs...');
    // The deploy checks the built site first: those two suites must stay in the script.
    expect(script).toContain('test/site.test.ts');
    expect(script).toContain('test/code-samples.test.ts');
    for (const file of script.match(/test\/[\w.-]+\.test\.ts/g) ?? []) {
      expect(existsSync(join(DOCS_DIR, file)), file).toBe(true);
    }
    expect(step('build', 'actions/upload-pages-artifact').with.path).toBe('apps/docs/dist');
    expect(step('deploy', 'actions/deploy-pages').id).toBe('deployment');
  });
});
