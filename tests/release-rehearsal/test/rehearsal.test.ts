// A release, rehearsed end to end against a real registry. On a scratch copy of the repository:
// version the packages with the changesets CLI (a throw-away changeset when none is pending), build
// from a clean install, then run what the release workflow's steps run (changesets/action's
// select-mode, pack and publish sub-actions: `changeset publish-plan`, `changeset pack`,
// `changeset publish --from-pack-dir`) against Verdaccio on 127.0.0.1. Then install
// @start-job-build/client by name from that registry with npm and with pnpm, and start a build
// and wait for it, in ESM and in CJS, against a local server. The registry is the judge of what
// was released: versions, manifests, tarball contents, changelogs.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from '@start-job-build/node-versions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type BuildsServer, startBuildsServer } from './builds-server.js';
import { type Registry, startRegistry } from './registry.js';
import {
  type ChangesetConfig,
  changesetConfig,
  ensurePendingChangeset,
  pendingChangesets,
  publishable,
  scratchCopy,
  type WorkspacePackage,
  workspacePackages,
} from './repo.js';
import { run } from './run.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoDir = resolve(here, '../../..');
const fixtures = resolve(here, '../fixtures');
const CLIENT = '@start-job-build/client';
const TOKEN = 'nf-rehearsal-token-41c7';
const SHA = '262ed9817b3cad5142fbceabe0c9e371e390d616';

interface Release {
  name: string;
  type: string;
  oldVersion?: string;
  newVersion?: string;
  changesets: string[];
}
interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<string, Record<string, unknown> & { dist: { tarball: string } }>;
}
interface Published {
  version: string;
  packument: Packument;
  manifest: Record<string, unknown>;
  files: string[];
  changelog: string;
}
interface WaitResult {
  format: string;
  version: string;
  build: { id: string; status: string; concluded: boolean };
  statuses: string[];
}

let work: string;
let scratch: string;
let registry: Registry | undefined;
let server: BuildsServer | undefined;
let config: ChangesetConfig;
let released: WorkspacePackage[];
let throwAway: string | undefined;
let throwAwayCheck: string | undefined;
let throwAwayPlan: Release[];
let plan: Release[];
let publishPlan: { plan: { kind: string; name: string; version: string }[][] };
let changesetsOutput: { type: string; tag: string; packageName: string }[];
let gitTags: string[];
let lintAfterVersion: string;
const published = new Map<string, Published>();
const consumers: Record<'npm' | 'pnpm', { dir: string; runs: WaitResult[] }> = {
  npm: { dir: '', runs: [] },
  pnpm: { dir: '', runs: [] },
};

const pnpm = (args: string[]) => run('pnpm', args, scratch);
type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown> };
const releaseWorkflow = parseYaml(readFileSync(join(repoDir, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
/** A step of release.yml by job and id: the rehearsal runs its command as the workflow does. */
function releaseStep(job: string, id: string): Step {
  const found = releaseWorkflow.jobs[job]?.steps.find((step) => step.id === id);
  if (!found) throw new Error(`release.yml has no step with id ${id} in job ${job}`);
  return found;
}
/**
 * The changesets CLI as changesets/action runs it (`node <@changesets/cli/bin.js>`), on Node 24
 * as in the workflow (the action's `node` is the job's, from .node-version).
 */
const changeset = (dir: string, args: string[], extraEnv?: Record<string, string>) =>
  run(nodeBinary(24), [join(dir, 'node_modules/@changesets/cli/bin.js'), ...args], dir, extraEnv);
const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

async function registryGet<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, registry?.url));
  if (!response.ok) throw new Error(`GET ${path} from the rehearsal registry: ${response.status}`);
  return (await response.json()) as T;
}

/** Downloads a tarball from the registry and reads its file list, manifest and changelog. */
async function readTarball(url: string, into: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const file = join(into, 'package.tgz');
  mkdirSync(into, { recursive: true });
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const files = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
    .split('\n')
    .filter((entry) => entry && !entry.endsWith('/'))
    .map((entry) => entry.replace(/^package\//, ''));
  const read = (entry: string) =>
    files.includes(entry)
      ? execFileSync('tar', ['-xzOf', file, `package/${entry}`], { encoding: 'utf8' })
      : '';
  return { files, manifest: JSON.parse(read('package.json')), changelog: read('CHANGELOG.md') };
}

/** The files a manifest points at: main, module, types, bin and every target (not key) of exports. */
function entryPoints(manifest: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports]);
  return targets.filter((target) => !target.includes('*')).map((target) => target.replace(/^\.\//, ''));
}

/** A fresh project outside the workspace that takes @start-job-build/* from the rehearsal registry. */
function freshProject(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, version: '1.0.0' }, null, 2)}\n`,
  );
  // The scope comes from the rehearsal registry; the client's own dependency (openapi-fetch)
  // from the npm registry, or the local cache, as for any user.
  writeFileSync(join(dir, '.npmrc'), `@start-job-build:registry=${registry?.url}\n`);
  cpSync(join(fixtures, 'start-and-wait.mjs'), join(dir, 'start-and-wait.mjs'));
  cpSync(join(fixtures, 'start-and-wait.cjs'), join(dir, 'start-and-wait.cjs'));
  return dir;
}

async function startAndWait(dir: string): Promise<WaitResult[]> {
  const results: WaitResult[] = [];
  for (const script of ['start-and-wait.mjs', 'start-and-wait.cjs']) {
    const { stdout } = await run(process.execPath, [script, server?.url ?? '', TOKEN, SHA], dir);
    results.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as WaitResult);
  }
  return results;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'release-rehearsal-'));
  scratch = join(work, 'repo');
  // Verdaccio starts while the scratch copy installs and builds.
  const registryStarting = startRegistry(join(work, 'registry'));
  registryStarting.catch(() => {}); // awaited below; a failure there is reported there
  try {
    await scratchCopy(repoDir, scratch);
    // A clean install from the lockfile, as the workflow's jobs do (nothing restored from a cache);
    // offline, because the workspace's own install has just put every package in the store.
    await pnpm(['install', '--frozen-lockfile', '--offline']);

    config = changesetConfig(scratch);
    released = publishable(await workspacePackages(scratch), config);
    throwAway = ensurePendingChangeset(
      scratch,
      released.map((pkg) => pkg.name),
    );
    await changeset(scratch, ['status', `--output=${join(work, 'status.json')}`]);
    plan = json<{ releases: Release[] }>(join(work, 'status.json')).releases.filter((r) => r.type !== 'none');

    // release.yml, push to main with changesets pending: the version job's `changeset version`,
    // then what CI checks on the "Version packages" pull request.
    await changeset(scratch, ['version']);
    await pnpm(['install', '--frozen-lockfile', '--offline']);
    lintAfterVersion = (await pnpm(['exec', 'biome', 'ci', '--error-on-warnings', '--colors=off', '.']))
      .stdout;
    await run('git', ['add', '-A'], scratch);
    await run('git', ['commit', '-q', '--no-verify', '-m', 'chore: version packages'], scratch);

    // The pull request is merged: the prepare job builds, select-mode plans, pack packs.
    await run('sh', ['-c', releaseStep('prepare', 'build').run ?? ''], scratch);
    registry = await registryStarting;
    const npmrc = `registry=${registry.url}\n//${new URL(registry.url).host}/:_authToken=${registry.token}\n`;
    writeFileSync(join(scratch, '.npmrc'), npmrc);
    const planFile = join(work, 'publish-plan.json');
    const packDir = join(work, 'pack');
    await changeset(scratch, ['publish-plan', '--output', planFile]);
    publishPlan = json(planFile);
    await changeset(scratch, ['pack', '--out-dir', packDir, '--from-publish-plan', planFile]);

    // The publish job: a checkout of its own, installed without scripts, publishes the tarballs.
    const publisher = join(work, 'publish-job');
    await run('git', ['clone', '-q', scratch, publisher], work);
    await run('pnpm', ['install', '--frozen-lockfile', '--offline', '--ignore-scripts'], publisher);
    writeFileSync(join(publisher, '.npmrc'), npmrc);
    const outputFile = join(work, 'changesets-output.ndjson');
    await changeset(publisher, ['publish', '--from-pack-dir', packDir], { CHANGESETS_OUTPUT: outputFile });
    changesetsOutput = readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    gitTags = (await run('git', ['tag', '--list'], publisher)).stdout.split('\n').filter(Boolean);

    // With nothing pending (as now, after the release), the rehearsal's throw-away changeset must
    // make a release of every publishable package; checked here because today's tree has
    // changesets pending, so the run above may not have needed it.
    throwAwayCheck = ensurePendingChangeset(
      scratch,
      released.map((pkg) => pkg.name),
    );
    await changeset(scratch, ['status', `--output=${join(work, 'status-throw-away.json')}`]);
    throwAwayPlan = json<{ releases: Release[] }>(join(work, 'status-throw-away.json')).releases.filter(
      (r) => r.type !== 'none',
    );
    rmSync(join(scratch, '.changeset', throwAwayCheck ?? 'release-rehearsal.md'), { force: true });

    for (const pkg of released) {
      const packument = await registryGet<Packument>(`/${pkg.name.replace('/', '%2f')}`);
      const version = json<{ version: string }>(join(pkg.path, 'package.json')).version;
      const entry = packument.versions[version];
      if (!entry) throw new Error(`${pkg.name}@${version} is not in the rehearsal registry`);
      const tarball = await readTarball(entry.dist.tarball, join(work, 'tarballs', pkg.name));
      published.set(pkg.name, { version, packument, ...tarball });
    }

    // Users install the client by name.
    server = await startBuildsServer();
    consumers.npm.dir = freshProject('npm-consumer');
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--omit-lockfile-registry-resolved=false',
        CLIENT,
      ],
      consumers.npm.dir,
    );
    consumers.npm.runs = await startAndWait(consumers.npm.dir);
    consumers.pnpm.dir = freshProject('pnpm-consumer');
    await run('pnpm', ['add', '--prefer-offline', CLIENT], consumers.pnpm.dir);
    consumers.pnpm.runs = await startAndWait(consumers.pnpm.dir);
  } catch (error) {
    // The registry may still be starting: stop it before reporting.
    await (registry ?? (await registryStarting.catch(() => undefined)))?.stop();
    throw error;
  }
});

afterAll(async () => {
  await server?.close();
  await registry?.stop();
  if (work && !process.env.RELEASE_REHEARSAL_KEEP) rmSync(work, { recursive: true, force: true });
});

describe('versioning', () => {
  it('finds the publishable packages from the workspace, the client among them', () => {
    expect(released.map((pkg) => pkg.name)).toContain(CLIENT);
    expect(released.every((pkg) => !pkg.private && !config.ignore.includes(pkg.name))).toBe(true);
  });

  it('releases every publishable package named by a pending changeset (or the throw-away one)', () => {
    expect(plan.length).toBeGreaterThan(0);
    for (const release of plan) {
      expect(released.map((pkg) => pkg.name)).toContain(release.name);
      expect(release.newVersion).not.toBe(release.oldVersion);
    }
    if (throwAway)
      expect(plan.map((release) => release.changesets)).toEqual(plan.map(() => ['release-rehearsal']));
  });

  it('would release every publishable package with its throw-away changeset when none is pending', () => {
    expect(throwAwayCheck).toBe('release-rehearsal.md');
    expect(throwAwayPlan.map((release) => [release.name, release.type]).sort()).toEqual(
      released.map((pkg) => [pkg.name, 'patch']).sort(),
    );
  });

  it('consumes the changesets and writes a changelog entry per released package', () => {
    expect(pendingChangesets(scratch)).toEqual([]);
    for (const release of plan) {
      const pkg = released.find((p) => p.name === release.name) as WorkspacePackage;
      const changelog = readFileSync(join(pkg.path, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`## ${release.newVersion}`);
    }
  });

  it('leaves a tree that installs from the same lockfile and passes Biome (the version pull request’s CI)', () => {
    expect(lintAfterVersion).not.toMatch(/error/i);
  });
});

describe('what the registry holds', () => {
  it('has every publishable package at its new version, tagged latest', () => {
    for (const pkg of released) {
      const { packument, version } = published.get(pkg.name) as Published;
      expect(packument['dist-tags'].latest).toBe(version);
      const release = plan.find((r) => r.name === pkg.name);
      if (release) expect(version).toBe(release.newVersion);
    }
  });

  it('has bumped the fixed groups of .changeset/config.json together', () => {
    for (const group of config.fixed) {
      const versions = group.map((name) => published.get(name)?.version);
      expect(
        versions.every((version) => version !== undefined && version === versions[0]),
        group.join(', '),
      ).toBe(true);
    }
  });

  it('publishes no workspace: range, and pins internal dependencies to versions it holds', () => {
    for (const [name, { manifest, packument, version }] of published) {
      expect(JSON.stringify(manifest), name).not.toContain('workspace:');
      expect(JSON.stringify(packument.versions[version]), name).not.toContain('workspace:');
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
        for (const [dep, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
          const internal = published.get(dep);
          if (internal) expect(range, `${name} → ${dep}`).toBe(internal.version);
        }
      }
    }
  });

  it('ships only the files each package.json declares, and every entry point it names', () => {
    const always = /^(package\.json|README(\.md)?|LICENSE(\.md)?|CHANGELOG\.md)$/i;
    for (const [name, { manifest, files }] of published) {
      const declared = (manifest.files as string[] | undefined) ?? [];
      expect(declared.length, `${name} has a "files" list`).toBeGreaterThan(0);
      const stray = files.filter(
        (file) =>
          !always.test(file) && !declared.some((entry) => file === entry || file.startsWith(`${entry}/`)),
      );
      expect(stray, name).toEqual([]);
      expect(
        files.filter(
          (file) =>
            /(^|\/)(test|tests|fixtures|node_modules|\.turbo)\//.test(file) ||
            /\.(tgz|test\.\w+)$/.test(file),
        ),
        name,
      ).toEqual([]);
      expect(files, name).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']),
      );
      for (const target of entryPoints(manifest)) {
        expect(files, `${name} names ${target}`).toContain(target);
      }
    }
  });

  it('ships the changelog with the entry of the released version', () => {
    for (const [name, { changelog, version }] of published) {
      if (plan.some((release) => release.name === name)) expect(changelog, name).toContain(`## ${version}`);
    }
  });
});

describe('what the release workflow gets back', () => {
  it('select-mode would publish: the publish plan lists every released package', () => {
    const planned = publishPlan.plan.flat().filter((entry) => entry.kind === 'publish');
    expect(planned.map((entry) => `${entry.name}@${entry.version}`).sort()).toEqual(
      [...published].map(([name, { version }]) => `${name}@${version}`).sort(),
    );
  });

  it('reports a git tag per published package in CHANGESETS_OUTPUT (changesets/action tags and releases from it)', () => {
    const expected = [...published].map(([name, { version }]) => `${name}@${version}`).sort();
    expect(
      changesetsOutput
        .filter((event) => event.type === 'git-tag')
        .map((event) => event.tag)
        .sort(),
    ).toEqual(expected);
    expect(gitTags.sort()).toEqual(expect.arrayContaining(expected));
  });

  it('runs what release.yml runs: the sub-actions with their own changesets commands', () => {
    const steps = Object.values(releaseWorkflow.jobs).flatMap((job) => job.steps);
    const uses = (action: string) =>
      steps.find((step) => step.uses?.startsWith(`changesets/action/${action}@`));
    // No script inputs: each sub-action runs the changesets command rehearsed above.
    expect(uses('select-mode')).toBeDefined();
    expect(uses('version')?.with?.script).toBeUndefined();
    expect(uses('pack')?.with?.['publish-plan-artifact-id']).toBeDefined();
    expect(uses('publish')?.with?.script).toBeUndefined();
    expect(uses('publish')?.with?.['pack-dir-artifact-id']).toBeDefined();
    // The build above ran this step's command; the publish job installs as the clone above did.
    expect(releaseStep('prepare', 'build').run).toMatch(/\bbuild\b/);
    expect(steps.map((step) => step.run ?? '')).toContain('pnpm install --frozen-lockfile --ignore-scripts');
  });
});

describe.each(['npm', 'pnpm'] as const)('@start-job-build/client installed by name with %s', (tool) => {
  it('comes from the rehearsal registry at the released version, as a real directory', () => {
    const installed = join(consumers[tool].dir, 'node_modules', CLIENT);
    const { version } = published.get(CLIENT) as Published;
    expect(json<{ version: string }>(join(installed, 'package.json')).version).toBe(version);
    if (tool === 'npm') {
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      const lock = json<{ packages: Record<string, { resolved?: string }> }>(
        join(consumers[tool].dir, 'package-lock.json'),
      );
      expect(lock.packages[`node_modules/${CLIENT}`]?.resolved).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    } else {
      expect(readFileSync(join(consumers[tool].dir, 'pnpm-lock.yaml'), 'utf8')).toContain(
        `${CLIENT}@${version}`,
      );
    }
  });

  it.each(['esm', 'cjs'])('starts a build and waits for it in %s', (format) => {
    const result = consumers[tool].runs.find((r) => r.format === format) as WaitResult;
    const { version } = published.get(CLIENT) as Published;
    expect(result.version).toBe(version);
    expect(result.build).toMatchObject({ status: 'SUCCESS', concluded: true });
    expect(result.build.id).toMatch(new RegExp(`^rehearsal-${format}-\\d+$`));
    expect(result.statuses.at(-1)).toBe('SUCCESS');
    expect(result.statuses).toContain('BUILDING');
  });
});

describe('the local API server', () => {
  it('received one start and the polls of each run, with the token and the released user agent', () => {
    const { version } = published.get(CLIENT) as Published;
    const requests = server?.requests ?? [];
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      '/v1/projects/rehearsal/jobs/esm/build',
      '/v1/projects/rehearsal/jobs/cjs/build',
      '/v1/projects/rehearsal/jobs/esm/build',
      '/v1/projects/rehearsal/jobs/cjs/build',
    ]);
    for (const request of requests) {
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers['user-agent']).toBe(`@start-job-build/client/${version} release-rehearsal/1.0`);
    }
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ sha: SHA });
  });
});

it('stops the registry afterwards', async () => {
  const url = registry?.url as string;
  await registry?.stop();
  await expect(fetch(`${url}-/ping`)).rejects.toThrow();
});
