// The optional logger: one debug line per attempt, with credentials redacted and no body.
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { type AttemptLog, createClient } from '../src/index.js';
import { json, ok, recordingLogger, TOKEN, text, useTestServer } from './helpers/server.js';

const server = useTestServer();

const SECRET_ARG = 'logged-secret-value-1234';

describe('logging', () => {
  it('writes one debug line per attempt with method, path, status, duration and attempt', async () => {
    server.handle(json(429, {}), ok);
    const { calls, logger } = recordingLogger();
    const client = createClient({ token: TOKEN, baseUrl: server.url, logger, retry: { initialDelayMs: 1 } });
    await client.startJobBuild(
      { projectId: 'proj', jobId: 'job' },
      { overrides: { buildArguments: { KEY: SECRET_ARG } } },
    );

    const debug = calls.filter((call) => call.level === 'debug');
    expect(debug).toHaveLength(2);
    expect(calls.filter((call) => call.level !== 'debug')).toEqual([]);
    const [first, second] = debug.map((call) => call.args[1] as AttemptLog);
    expect(first).toMatchObject({
      method: 'POST',
      path: '/v1/projects/proj/jobs/job/build',
      status: 429,
      attempt: 1,
      maxAttempts: 3,
    });
    expect(second).toMatchObject({ status: 200, attempt: 2 });
    expect(first?.durationMs).toBeGreaterThanOrEqual(0);
    expect(debug[0]?.args[0]).toMatch(/^POST \/v1\/projects\/proj\/jobs\/job\/build 429 \d+ms attempt 1\/3$/);
    expect(first?.headers.authorization).toBe('[redacted]');
    expect(first?.headers['content-type']).toBe('application/json');
  });

  it('never logs the token or secret values', async () => {
    const { calls, logger } = recordingLogger();
    const client = createClient({ token: TOKEN, baseUrl: server.url, logger });
    await client.startJobBuild(
      { projectId: 'p', jobId: 'j' },
      { overrides: { buildArguments: { KEY: SECRET_ARG } } },
    );
    const printed = inspect(calls, { depth: Number.POSITIVE_INFINITY });
    expect(calls).toHaveLength(1);
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(SECRET_ARG);
  });

  it('logs attempts that got no response, by error code', async () => {
    server.handle((_req, _res, raw) => raw.socket.destroy());
    const { calls, logger } = recordingLogger();
    const client = createClient({ token: TOKEN, baseUrl: server.url, logger });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' }).catch(() => undefined);
    expect(calls).toHaveLength(1);
    expect((calls[0]?.args[1] as AttemptLog | undefined)?.status).toBe('UND_ERR_SOCKET');
  });

  it('takes console as a logger: one console.debug line per attempt', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    try {
      await createClient({ token: TOKEN, baseUrl: server.url, logger: console }).startJobBuild({
        projectId: 'p',
        jobId: 'j',
      });
      expect(debug).toHaveBeenCalledTimes(1);
      expect(debug.mock.calls[0]?.[0]).toMatch(
        /^POST \/v1\/projects\/p\/jobs\/j\/build 200 \d+ms attempt 1\/3$/,
      );
    } finally {
      debug.mockRestore();
    }
  });

  it('logs reads and aborts of a build like any other call, retries included', async () => {
    server.handle(json(503, {}), ok, json(200, { data: {} }));
    const { calls, logger } = recordingLogger();
    const client = createClient({ token: TOKEN, baseUrl: server.url, logger, retry: { initialDelayMs: 1 } });
    const build = { projectId: 'p', jobId: 'j', buildId: 'b' };
    await client.getJobBuild(build);
    await client.abortJobBuild(build);
    expect(calls.map((call) => call.level)).toEqual(['debug', 'debug', 'debug']);
    expect(calls.map((call) => String(call.args[0]).replace(/ \d+ms /, ' '))).toEqual([
      'GET /v1/projects/p/jobs/j/build/b 503 attempt 1/3',
      'GET /v1/projects/p/jobs/j/build/b 200 attempt 2/3',
      'DELETE /v1/projects/p/jobs/j/build/b 200 attempt 1/3',
    ]);
    expect((calls[0]?.args[1] as AttemptLog | undefined)?.headers.authorization).toBe('[redacted]');
  });

  it('logs a refused redirect by its status', async () => {
    server.handle(text(307, '', { location: 'http://127.0.0.1:9/elsewhere' }));
    const { calls, logger } = recordingLogger();
    const client = createClient({ token: TOKEN, baseUrl: server.url, logger });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' }).catch(() => undefined);
    expect(calls.map((call) => (call.args[1] as AttemptLog).status)).toEqual([307]);
  });

  it('a logger that throws does not turn a started build into an error', async () => {
    const throwing = {
      debug: () => {
        throw new Error('log sink full');
      },
      info() {},
      warn() {},
      error() {},
    };
    const build = await createClient({ token: TOKEN, baseUrl: server.url, logger: throwing }).startJobBuild({
      projectId: 'p',
      jobId: 'j',
    });
    expect(build.id).toBe('joyous-view-6290');
    expect(server.requests).toHaveLength(1);
  });
});
