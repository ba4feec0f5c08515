// --json: stdout holds the API's `data` as JSON and nothing else; everything else is on stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { type FakeServer, SHA, startServer } from './helpers/server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const job = (name: string) => ['--base-url', server.url, '--project', 'default-project', '--job', name];
const started = (id: string) => ({
  id,
  branch: 'main',
  sha: SHA,
  createdAt: '2021-07-28T15:55:38.296Z',
  status: 'PENDING',
  concluded: false,
});
const concluded = (id: string, status: string, message: string | null) => ({
  ...started(id),
  status,
  concluded: true,
  success: status === 'SUCCESS',
  message,
  buildConcludedAt: 1627487918000,
});

describe('--json', () => {
  it('start: the started build', async () => {
    const result = await runCli(['start', ...job('nightly'), '--json']);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout);
    expect(data).toEqual(started(data.id));
    expect(result.stderr).toBe('');
  });

  it('start --wait: only the final build on stdout, the progress on stderr', async () => {
    const result = await runCli(['start', ...job('nightly'), '--wait', '--poll-interval', '20ms', '--json']);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout);
    expect(data).toEqual(concluded(data.id, 'SUCCESS', null));
    expect(result.stderr).toContain(`Build ${data.id}: BUILDING`);
  });

  it('a failed build: its final data, exit 1', async () => {
    const result = await runCli(['start', ...job('broken'), '--wait', '--poll-interval', '20ms', '--json']);
    expect(result.code).toBe(1);
    const data = JSON.parse(result.stdout);
    expect(data).toEqual(concluded(data.id, 'FAILURE', 'step 3/7 failed: exit code 1'));
  });

  it('a wait that times out: the last state seen, exit 4', async () => {
    const result = await runCli([
      'start',
      ...job('slow'),
      '--wait',
      '--poll-interval',
      '20ms',
      '--timeout',
      '200ms',
      '--json',
    ]);
    expect(result.code).toBe(4);
    const data = JSON.parse(result.stdout);
    expect(data).toMatchObject({ id: data.id, status: 'BUILDING', concluded: false });
    expect(result.stderr).toContain(`stopped waiting for build ${data.id}`);
  });

  it('get and abort', async () => {
    const { id } = JSON.parse((await runCli(['start', ...job('slow'), '--json'])).stdout);
    const got = await runCli(['get', ...job('slow'), '--build', id, '--json']);
    expect(JSON.parse(got.stdout)).toEqual({
      ...started(id),
      status: 'BUILDING',
      success: false,
      message: null,
    });
    const aborted = await runCli(['abort', ...job('slow'), '--build', id, '--json']);
    expect(aborted).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(aborted.stdout)).toEqual({});
  });

  it('errors leave stdout empty', async () => {
    const result = await runCli(['get', ...job('slow'), '--build', 'missing', '--json']);
    expect(result).toMatchObject({ code: 3, stdout: '' });
  });
});
