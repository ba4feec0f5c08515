// Ctrl-C (SIGINT) or SIGTERM during a wait: stop waiting at once and say that the build goes
// on, or, with --abort-on-cancel, send exactly one abort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { type FakeServer, type Fault, startServer } from './helpers/server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const job = ['--project', 'default-project', '--job', 'slow'];

/** Runs a waiting command and sends `signal` once the build is being followed. */
async function interrupt(args: string[], signal: NodeJS.Signals = 'SIGINT') {
  const before = server.requests.length;
  let sent = false;
  const result = await runCli([...args, '--base-url', server.url, '--poll-interval', '30ms'], {
    onStderr: (stderr, child) => {
      if (!sent && /Build build-\d+: BUILDING/.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    },
  });
  expect(sent).toBe(true);
  const id = /Build (build-\d+): BUILDING/.exec(result.stderr)?.[1] as string;
  const requests = server.requests.slice(before);
  return { result, id, deletes: requests.filter((r) => r.method === 'DELETE') };
}

describe('interrupting a wait', () => {
  it('SIGINT stops waiting, says the build goes on, and aborts nothing (exit 130)', async () => {
    const { result, id, deletes } = await interrupt(['start', ...job, '--wait']);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      `job-build: interrupted (SIGINT); stopped waiting. Build ${id} goes on; follow it with: job-build wait --project default-project --job slow --build ${id} --base-url ${server.url}\n`,
    );
    expect(deletes).toEqual([]);
    expect(server.builds.get(id)?.aborted).toBe(false);
  });

  it('with --abort-on-cancel, sends exactly one abort', async () => {
    const { result, id, deletes } = await interrupt(['start', ...job, '--wait', '--abort-on-cancel']);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`job-build: interrupted (SIGINT); build ${id} was aborted.`);
    expect(deletes.map((r) => r.url)).toEqual([`/v1/projects/default-project/jobs/slow/build/${id}`]);
    expect(server.builds.get(id)?.aborted).toBe(true);
  });

  /** Follows a build with `wait --abort-on-cancel` and interrupts it; the abort meets `fault`. */
  async function abortFails(fault: Fault) {
    const started = await runCli(['start', ...job, '--base-url', server.url, '--json']);
    const buildId = JSON.parse(started.stdout).id as string;
    let armed = false;
    const before = server.requests.length;
    const result = await runCli(
      [
        'wait',
        ...job,
        '--build',
        buildId,
        '--abort-on-cancel',
        '--base-url',
        server.url,
        '--poll-interval',
        '30ms',
      ],
      {
        onStderr: (stderr, child) => {
          if (!armed && stderr.includes('BUILDING')) {
            armed = true;
            server.faults.push(fault);
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(result.code).toBe(130);
    expect(server.requests.slice(before).filter((r) => r.method === 'DELETE')).toHaveLength(1);
    return { result, buildId };
  }

  it('an abort that fails is tried once and reported, with the command that follows the build', async () => {
    const { result, buildId } = await abortFails({
      method: 'DELETE',
      status: 503,
      body: { error: { status: 503, message: 'Unavailable' } },
    });
    expect(result.stderr).toContain(
      `job-build: interrupted (SIGINT); aborting build ${buildId} failed (API error 503 Unavailable). It may still be running: job-build wait --project default-project --job slow --build ${buildId} --base-url ${server.url}\n`,
    );
  });

  it('an abort refused for the token suggests no wait, which would be refused too', async () => {
    const { result, buildId } = await abortFails({
      method: 'DELETE',
      status: 401,
      body: { error: { status: 401, message: 'Invalid token' } },
    });
    expect(result.stderr).toContain(
      `job-build: interrupted (SIGINT); aborting build ${buildId} failed (API error 401: the token in NORTHFLANK_API_TOKEN was refused; it may be wrong, expired or revoked). It may still be running.\n`,
    );
    expect(result.stderr).not.toContain('job-build wait');
  });

  it('SIGTERM (a cancelled CI job) is handled the same way (exit 143)', async () => {
    const { result, id, deletes } = await interrupt(
      ['start', ...job, '--wait', '--abort-on-cancel'],
      'SIGTERM',
    );
    expect(result.code).toBe(143);
    expect(result.stderr).toContain(`job-build: interrupted (SIGTERM); build ${id} was aborted.`);
    expect(deletes).toHaveLength(1);
  });

  it('an interrupted start request says the build may or may not have started', async () => {
    server.faults.push('hang');
    const before = server.requests.length;
    const result = await runCli(['start', ...job, '--base-url', server.url], {
      // Interrupted once the request has reached the server, which never answers it.
      onSpawn: (child) => {
        const check = setInterval(() => {
          if (server.requests.length > before) {
            clearInterval(check);
            child.kill('SIGINT');
          }
        }, 10);
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe(
      'job-build: interrupted (SIGINT); the build may or may not have started; check the job on Northflank before starting it again.\n',
    );
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(['POST']);
  });
});
