// Rate limits, API errors and network failures: what is retried (the client decides), and
// exit code 3 with a message that says whether a build may have started.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { closedPortUrl, type FakeServer, startServer, TOKEN } from './helpers/server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const job = (url = server.url) => ['--base-url', url, '--project', 'default-project', '--job', 'nightly'];
const since = () => {
  const before = server.requests.length;
  return () => server.requests.slice(before);
};

describe('rate limits', () => {
  it('a 429 on the start request is waited out and sent again: one build, exit 0', async () => {
    const sent = since();
    server.faults.push({
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { status: 429, message: 'Too many requests' } },
    });
    const result = await runCli(['start', ...job(), '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Started build build-\d+ \(PENDING\)\.\n$/);
    expect(sent().map((r) => r.method)).toEqual(['POST', 'POST']);
    // --verbose shows both attempts, without the token.
    expect(result.stderr).toMatch(
      /POST \/v1\/projects\/default-project\/jobs\/nightly\/build 429 \d+ms attempt 1\/3/,
    );
    expect(result.stderr).toMatch(
      /POST \/v1\/projects\/default-project\/jobs\/nightly\/build 200 \d+ms attempt 2\/3/,
    );
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('a 429 during a wait is waited out', async () => {
    const started = await runCli(['start', ...job(), '--json']);
    const { id } = JSON.parse(started.stdout);
    server.faults.push({ status: 429, headers: { 'retry-after': '0' }, body: {} });
    const result = await runCli(['wait', ...job(), '--build', id, '--poll-interval', '20ms']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Build ${id} succeeded`);
  });
});

describe('API errors: exit 3', () => {
  it('a 5xx of the start request is not re-sent, and the message says the build may have started', async () => {
    const sent = since();
    server.faults.push({ status: 503, body: { error: { status: 503, message: 'Service unavailable' } } });
    const result = await runCli(['start', ...job()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'job-build: API error 503 Service unavailable; the build may or may not have started\n',
    );
    expect(sent()).toHaveLength(1);
  });

  it('a 401 points at the token, and shows the request id', async () => {
    server.faults.push({
      status: 401,
      headers: { 'x-request-id': 'req-42' },
      body: { error: { status: 401, message: 'Invalid token' } },
    });
    const result = await runCli(['get', ...job(), '--build', 'b']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'job-build: API error 401: the token in NORTHFLANK_API_TOKEN was refused; it may be wrong, expired or revoked [request id req-42]\n',
    );
  });

  it('a poll that fails for good ends the wait with exit 3, names the build, and suggests no new wait', async () => {
    const result = await runCli(['wait', ...job(), '--build', 'gone', '--poll-interval', '20ms']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'Waiting for build gone of job nightly in project default-project.\n' +
        'job-build: API error 404 Build not found. Nothing found for projectId "default-project", jobId "nightly", buildId "gone".\n' +
        'job-build: stopped waiting for build gone. Waiting again would fail the same way until the error above is fixed.\n',
    );
  });

  it.each([
    [401, 'Invalid token'],
    [403, 'Missing permission'],
    [404, 'Build not found'],
  ])(
    'start --wait whose poll gets a %i: the build may run, but no new wait is suggested',
    async (status, message) => {
      server.faults.push({ method: 'GET', status, body: { error: { status, message } } });
      const result = await runCli(['start', ...job(), '--wait', '--poll-interval', '20ms']);
      server.faults.length = 0;
      expect(result.code).toBe(3);
      const id = /Started build (build-\d+)/.exec(result.stderr)?.[1] as string;
      expect(result.stderr).toContain(`job-build: API error ${status}`);
      expect(result.stderr).toContain(
        `job-build: stopped waiting for build ${id}; it may still be running. Waiting again would fail the same way until the error above is fixed.\n`,
      );
      expect(result.stderr).not.toContain('job-build wait');
    },
  );

  it('polls that keep failing with 5xx end the wait with the command that follows the build', async () => {
    const id = JSON.parse((await runCli(['start', ...job(), '--json'])).stdout).id as string;
    // One more than the wait rides out (ten in a row).
    for (let i = 0; i < 11; i++) {
      server.faults.push({
        method: 'GET',
        status: 502,
        body: { error: { status: 502, message: 'Bad gateway' } },
      });
    }
    const result = await runCli(['wait', ...job(), '--build', id, '--poll-interval', '10ms']);
    server.faults.length = 0;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('job-build: API error 502 Bad gateway');
    expect(result.stderr).toContain(
      `job-build: stopped waiting for build ${id}; it may still be running: job-build wait --project default-project --job nightly --build ${id} --base-url ${server.url}\n`,
    );
  });
});

describe('network failures: exit 3', () => {
  it('nothing listening: the connection is refused, retried, then exit 3 (no build started)', async () => {
    const result = await runCli(['start', ...job(await closedPortUrl())]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^job-build: .*ECONNREFUSED/);
    expect(result.stderr).not.toContain('may or may not have started');
  });

  it('a connection dropped after the start request was sent: not re-sent, the build may have started', async () => {
    const sent = since();
    server.faults.push('drop');
    const result = await runCli(['start', ...job()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the build may or may not have started');
    expect(sent()).toHaveLength(1);
  });

  it('the server goes away during a wait: the wait fails after its polls fail', async () => {
    const started = await runCli(['start', ...job(), '--json']);
    const { id } = JSON.parse(started.stdout);
    for (let i = 0; i < 20; i++) server.faults.push('drop');
    const result = await runCli(['wait', ...job(), '--build', id, '--poll-interval', '10ms']);
    server.faults.length = 0;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `job-build: stopped waiting for build ${id}; it may still be running: job-build wait --project default-project --job nightly --build ${id} --base-url ${server.url}\n`,
    );
  });

  it('the suggested command quotes a --base-url for the shell, which reads it back as given', async () => {
    const baseUrl = `${await closedPortUrl()}/it's a $HOME`;
    const result = await runCli(['wait', ...job(baseUrl), '--build', 'build-1', '--poll-interval', '10ms']);
    expect(result.code).toBe(3);
    const command = /it may still be running: (job-build wait .*)\n/.exec(result.stderr)?.[1] as string;
    expect(command).toContain(`--base-url '${baseUrl.replace("'", "'\\''")}'`);
    // The words a POSIX shell makes of it, one per line.
    const words = execFileSync('/bin/sh', ['-c', `set -- ${command}; printf '%s\\n' "$@"`], {
      encoding: 'utf8',
    });
    expect(words.split('\n').slice(0, -1)).toEqual([
      'job-build',
      'wait',
      '--project',
      'default-project',
      '--job',
      'nightly',
      '--build',
      'build-1',
      '--base-url',
      baseUrl,
    ]);
  });
});
