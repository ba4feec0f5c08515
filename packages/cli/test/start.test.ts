// Starting, following, reading and aborting builds against the stateful server, with the exit
// codes of each outcome.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { type FakeServer, SHA, startServer } from './helpers/server.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const base64 = (file: string) => readFileSync(`${fixtures}${file}`).toString('base64');

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const target = (job = 'nightly') => ['--base-url', server.url, '--project', 'default-project', '--job', job];
const FAST = ['--poll-interval', '20ms'];
const since = () => {
  const before = server.requests.length;
  return () => server.requests.slice(before);
};

describe('job-build start', () => {
  it('starts a build with the body the flags describe, and exits 0 without waiting', async () => {
    const sent = since();
    const result = await runCli(
      [
        'start',
        ...target(),
        '--sha',
        SHA,
        '--build-arg',
        'NODE_ENV=production',
        '--build-arg',
        'API_KEY',
        '--build-file',
        '/app/.env=@app.env',
        '--secret-mount',
        'npm-token=@npmrc-token',
        '--docker-file',
        '/Dockerfile',
        '--docker-work-dir',
        '/',
        '--docker-target',
        'production',
      ],
      { cwd: fixtures, env: { API_KEY: 'value-from-the-environment' } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Started build build-\d+ \(PENDING\)\.\n$/);
    const requests = sent();
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/projects/default-project/jobs/nightly/build',
    ]);
    expect(requests[0]?.userAgent).toMatch(/^@start-job-build\/client\/\S+ job-build\/\S+$/);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      sha: SHA,
      overrides: {
        buildArguments: { NODE_ENV: 'production', API_KEY: 'value-from-the-environment' },
        buildFiles: { '/app/.env': { data: base64('app.env'), encoding: 'utf-8' } },
        dockerSecretMounts: { 'npm-token': { data: base64('npmrc-token'), encoding: 'utf-8' } },
        docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/', dockerfileTarget: 'production' },
      },
    });
  });

  it('sends an empty body without flags (the job’s saved settings, newest commit)', async () => {
    const sent = since();
    const result = await runCli(['start', ...target()]);
    expect(result.code).toBe(0);
    expect(JSON.parse(sent()[0]?.body ?? '')).toEqual({});
  });

  it('with --wait, reports each status once and exits 0 when the build succeeds', async () => {
    const sent = since();
    const result = await runCli(['start', ...target(), '--wait', ...FAST]);
    expect(result.code).toBe(0);
    const id = /Started build (build-\d+)/.exec(result.stderr)?.[1];
    expect(id).toBeDefined();
    const statuses = [...result.stderr.matchAll(/^Build build-\d+: (\w+) \(/gm)].map((m) => m[1]);
    expect(statuses).toEqual(['PENDING', 'QUEUED', 'BUILDING', 'SUCCESS']);
    expect(result.stdout).toMatch(
      new RegExp(`^Build ${id} succeeded \\(SUCCESS\\) after \\S+ of waiting\\.\\n$`),
    );
    expect(sent().map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
  });

  it('with --wait, exits 1 when the build concludes without success', async () => {
    const result = await runCli(['start', ...target('broken'), '--wait', ...FAST]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^Build build-\d+ concluded without success \(FAILURE: step 3\/7 failed: exit code 1\) after \S+ of waiting\.\n$/,
    );
  });

  it('with --wait --timeout, exits 4, prints the build id and says the build goes on (no abort)', async () => {
    const sent = since();
    const result = await runCli(['start', ...target('slow'), '--wait', ...FAST, '--timeout', '300ms']);
    expect(result.code).toBe(4);
    const id = /Started build (build-\d+)/.exec(result.stderr)?.[1] as string;
    expect(result.stderr).toContain(
      `stopped waiting for build ${id} after 300ms (--timeout); last status: BUILDING.`,
    );
    // With the same --base-url: without it, the command would follow the build on api.northflank.com.
    expect(result.stderr).toContain(
      `The build goes on; follow it with: job-build wait --project default-project --job slow --build ${id} --base-url ${server.url}\n`,
    );
    expect(result.stdout).toBe('');
    expect(sent().filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(server.builds.get(id)?.aborted).toBe(false);
  });
});

describe('job-build wait, get and abort', () => {
  const startOne = async (job: string) => {
    const result = await runCli(['start', ...target(job), '--json']);
    return JSON.parse(result.stdout).id as string;
  };

  it('wait follows a build started earlier to its end', async () => {
    const id = await startOne('nightly');
    const result = await runCli(['wait', ...target(), '--build', id, ...FAST]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Waiting for build ${id} of job nightly in project default-project.`);
    expect(result.stdout).toContain(`Build ${id} succeeded (SUCCESS)`);
  });

  it('wait exits 1 for a failed build, 4 when its timeout passes', async () => {
    const failed = await runCli(['wait', ...target('broken'), '--build', await startOne('broken'), ...FAST]);
    expect(failed.code).toBe(1);
    const slow = await startOne('slow');
    const timedOut = await runCli([
      'wait',
      ...target('slow'),
      '--build',
      slow,
      ...FAST,
      '--timeout',
      '200ms',
    ]);
    expect(timedOut.code).toBe(4);
    expect(timedOut.stderr).toContain(`stopped waiting for build ${slow} after 200ms`);
    expect(timedOut.stderr).toContain(
      `follow it with: job-build wait --project default-project --job slow --build ${slow} --base-url ${server.url}\n`,
    );
  });

  it('get prints the build once and exits 0 whatever its status', async () => {
    const id = await startOne('broken');
    const sent = since();
    const result = await runCli(['get', ...target('broken'), '--build', id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `Build ${id}`,
        '  status:       BUILDING',
        '  concluded:    false',
        `  sha:          ${SHA}`,
        '  branch:       main',
        '  created:      2021-07-28T15:55:38.296Z',
        '',
      ].join('\n'),
    );
    expect(sent().map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /v1/projects/default-project/jobs/broken/build/${id}`,
    ]);
  });

  it('abort sends one DELETE and exits 0', async () => {
    const id = await startOne('slow');
    const sent = since();
    const result = await runCli(['abort', ...target('slow'), '--build', id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Abort of build ${id} accepted.\n`);
    expect(sent().map((r) => `${r.method} ${r.url}`)).toEqual([
      `DELETE /v1/projects/default-project/jobs/slow/build/${id}`,
    ]);
    expect(server.builds.get(id)?.aborted).toBe(true);
  });

  it('get of an unknown build is an API error: exit 3', async () => {
    const result = await runCli(['get', ...target(), '--build', 'no-such-build']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'job-build: API error 404 Build not found. Nothing found for projectId "default-project", jobId "nightly", buildId "no-such-build".\n',
    );
  });
});
