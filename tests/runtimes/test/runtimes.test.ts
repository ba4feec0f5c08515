// The built client in Node, Deno, Bun, workerd (Cloudflare Workers' runtime) and Vercel's Edge
// Runtime: each runs the same scenarios (scenarios/scenarios.mjs) against a loopback server, and
// every runtime must produce the same outcomes, send the same requests and leak no secret.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_ARGUMENT_SECRET, SHA, TIMEOUT_MS } from '../scenarios/scenarios.mjs';
import { RUNTIMES } from './runtimes.js';
import {
  BUILD,
  freePort,
  MAX_RESPONSE_BYTES,
  PAGINATION,
  type ScenarioServer,
  startScenarioServer,
  TOKEN,
} from './server.js';

type Described = Record<string, unknown> & { instanceOf: string[]; printed: string[] };
type Outcome = { result?: unknown; error?: Described };

describe.each(RUNTIMES)('$name', (runtime) => {
  let server: ScenarioServer;
  let results: Record<string, unknown>;
  let closedPort: number;

  beforeAll(async () => {
    await runtime.check();
    server = await startScenarioServer();
    closedPort = await freePort();
    results = await runtime.run({
      baseUrl: server.url,
      closedBaseUrl: `http://127.0.0.1:${closedPort}`,
      token: TOKEN,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
  });
  afterAll(() => server?.close());

  const outcome = (name: string): Outcome => {
    const found = results[name] as Outcome | undefined;
    if (!found) throw new Error(`scenario ${name} reported nothing`);
    return found;
  };
  const error = (name: string): Described => {
    const { result, error } = outcome(name);
    if (!error) throw new Error(`scenario ${name} resolved instead of throwing: ${JSON.stringify(result)}`);
    return error;
  };

  it('starts a build: method, encoded path, auth, user agent, content type and body', () => {
    expect(outcome('startWithCurrentSettings')).toEqual({ result: BUILD });
    const [request, ...more] = server.for('ok').filter((r) => r.method === 'POST');
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/projects/ok/jobs/a%20job%2Fwith%20%3Fodd%23chars/build',
      body: JSON.stringify({ sha: SHA }),
    });
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(
      /^@start-job-build\/client\/\d+\.\d+\.\d+\S* runtime-test\/1\.0$/,
    );
  });

  it('sends overrides as given', () => {
    expect(outcome('startWithOverrides')).toEqual({ result: BUILD });
    expect(JSON.parse(server.for('overrides')[0]?.body ?? '')).toEqual({
      overrides: {
        buildArguments: { API_KEY: BUILD_ARGUMENT_SECRET },
        docker: { dockerFilePath: '/app/Dockerfile', dockerWorkDir: '/app' },
      },
    });
  });

  it('refuses an invalid body and an unsafe path parameter before sending anything', () => {
    expect(error('invalidBody')).toMatchObject({
      name: 'ValidationError',
      instanceOf: ['StartJobBuildError', 'ValidationError'],
      issues: [
        'body /sha must NOT have fewer than 40 characters',
        'body /overrides/buildArguments/X must be string',
        'body /overrides/docker/dockerFilePath must match pattern "^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]+$"',
      ],
    });
    expect(error('dotSegment')).toMatchObject({
      name: 'ValidationError',
      issues: ['path /projectId must be a non-empty, well-formed string other than "." and ".."'],
    });
    expect(server.for('never')).toEqual([]);
    expect(server.requests.filter((r) => !r.path.startsWith('/v1/projects/'))).toEqual([]);
  });

  it('maps a 404 envelope to NotFoundError with the request id', () => {
    expect(error('notFound')).toMatchObject({
      name: 'NotFoundError',
      instanceOf: ['ApiError', 'NotFoundError', 'StartJobBuildError'],
      status: 404,
      id: 'job-not-found',
      requestId: 'req-404-abc',
      message: '404 Job not found. Nothing found for projectId "missing", jobId "job".',
    });
  });

  it('waits out a 429 with Retry-After and sends again; gives up at once on a long wait', () => {
    expect(outcome('rateLimitedThenStarted')).toEqual({ result: BUILD });
    expect(server.for('limited')).toHaveLength(2);
    expect(error('rateLimitedTooLong')).toMatchObject({
      name: 'RateLimitError',
      status: 429,
      retryAfterMs: 3_600_000,
    });
    expect(server.for('limited-long')).toHaveLength(1);
  });

  it('turns a proxy HTML page into an InternalServerError with a short text excerpt', () => {
    const e = error('proxyErrorPage');
    expect(e).toMatchObject({
      name: 'InternalServerError',
      status: 502,
      details: '502 Bad Gateway upstream unavailable',
    });
    expect(e.message).toMatch(
      /^502 .*502 Bad Gateway upstream unavailable; the build may or may not have started$/,
    );
  });

  it('scrubs the token and build argument values a server echoes back', () => {
    const e = error('errorEchoingSecrets');
    expect(e).toMatchObject({ name: 'BadRequestError', status: 400 });
    expect(e.message).toContain('[redacted]');
  });

  it('times out without sending again, and says the build may have started', () => {
    expect(error('timeout')).toMatchObject({
      name: 'TimeoutError',
      instanceOf: ['ConnectionError', 'StartJobBuildError', 'TimeoutError'],
      buildMayHaveStarted: true,
      message: `No response within ${TIMEOUT_MS} ms; the build may or may not have started.`,
    });
    expect(server.for('hang')).toHaveLength(1);
  });

  it('times out when a response body stalls after the headers', () => {
    expect(error('stalledBody')).toMatchObject({
      name: 'TimeoutError',
      buildMayHaveStarted: true,
      message: `No response within ${TIMEOUT_MS} ms; the build may or may not have started.`,
    });
    expect(server.for('stall')).toHaveLength(1);
  });

  it("stops at the caller's abort signal", () => {
    // The request was in flight (the server may or may not have it yet), and the error says so.
    expect(error('callerAbort')).toMatchObject({
      name: 'AbortError',
      buildMayHaveStarted: true,
      message: 'The request was aborted; the build may or may not have started.',
    });
  });

  it('does not re-send after a connection dropped once the request was sent', () => {
    expect(error('connectionDropped')).toMatchObject({
      name: 'ConnectionError',
      buildMayHaveStarted: true,
    });
    expect(error('connectionDropped').message).toMatch(/the build may or may not have started\.$/);
    expect(server.for('drop')).toHaveLength(1);
  });

  if (runtime.tellsRefusedFromLost) {
    it('retries a refused connection, since nothing was sent', () => {
      expect(error('connectionRefused')).toMatchObject({
        name: 'ConnectionError',
        buildMayHaveStarted: false,
      });
      expect(error('connectionRefused').message).toMatch(
        new RegExp(
          `^Could not connect to http://127\\.0\\.0\\.1:${closedPort} \\(.+\\); nothing was sent\\.$`,
        ),
      );
      expect(results.connectionRefusedAttempts).toBe(2);
    });
  } else {
    it('treats a refused connection as possibly sent (the runtime reports it like a lost one), and does not re-send', () => {
      expect(error('connectionRefused')).toMatchObject({
        name: 'ConnectionError',
        buildMayHaveStarted: true,
      });
      expect(results.connectionRefusedAttempts).toBe(1);
    });
  }

  it('without a token, fails at call time saying how to provide one', () => {
    expect(error('missingToken')).toMatchObject({ name: 'MissingTokenError' });
    expect(error('missingToken').message).toMatch(
      /pass `token` to createClient\(\) or set NORTHFLANK_API_TOKEN/,
    );
  });

  it('refuses a redirect to another origin, for a POST and a GET: nothing reaches it, nothing is re-sent', () => {
    const origin = server.elsewhere.url;
    expect(error('redirect')).toMatchObject({
      name: 'ApiError',
      instanceOf: ['ApiError', 'StartJobBuildError'],
      status: 307,
    });
    expect(error('redirect').message).toMatch(
      new RegExp(
        `^307 redirect to ${origin.replace(/\./g, '\\.')} refused \\(redirects are never followed\\)`,
      ),
    );
    expect(error('redirectRead')).toMatchObject({ name: 'ApiError', status: 302 });
    expect(error('redirectRead').message).toContain(`redirect to ${origin} refused`);
    expect(server.for('redirect').map((r) => r.method)).toEqual(['POST']);
    expect(server.for('redirect-read').map((r) => r.method)).toEqual(['GET']);
    expect(server.elsewhere.requests).toEqual([]);
  });

  it.each([
    ['tooLarge', 'too-large', 'with a Content-Length'],
    ['tooLargeStream', 'too-large-stream', 'streamed without end'],
    ['tooLargeGzip', 'too-large-gzip', 'inflating from a small gzip body'],
  ])('refuses a response body over maxResponseBytes (%s: %s %s)', (name, projectId) => {
    const e = error(name);
    expect(e).toMatchObject({
      name: 'ApiError',
      instanceOf: ['ApiError', 'StartJobBuildError'],
      status: 200,
    });
    expect(e.message).toContain(`response body larger than maxResponseBytes (${MAX_RESPONSE_BYTES} bytes)`);
    expect(server.for(projectId)).toHaveLength(1);
  });

  it('times out on a body that never ends, and does not re-send', () => {
    expect(error('endlessBody')).toMatchObject({
      name: 'TimeoutError',
      buildMayHaveStarted: true,
      message: `No response within ${TIMEOUT_MS} ms; the build may or may not have started.`,
    });
    expect(server.for('endless')).toHaveLength(1);
  });

  it('reads, lists and aborts builds, and exposes the raw openapi-fetch client', () => {
    expect(outcome('getJobBuild')).toEqual({ result: BUILD });
    expect(outcome('abortJobBuild')).toEqual({ result: {} });
    expect(outcome('listJobBuilds')).toEqual({ result: { builds: [BUILD], pagination: PAGINATION } });
    expect(outcome('raw')).toEqual({ result: { status: 200, id: BUILD.id } });
    expect(server.for('ok').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/projects/ok/jobs/a%20job%2Fwith%20%3Fodd%23chars/build',
      'GET /v1/projects/ok/jobs/job/build/joyous-view-6290',
      'DELETE /v1/projects/ok/jobs/job/build/joyous-view-6290',
      'GET /v1/projects/ok/jobs/job/build?per_page=20&cursor=next%2Fpage%3F%3D%26',
    ]);
    for (const request of server.for('ok')) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.for('raw')[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('leaks neither the token nor a build argument value in anything it reports', () => {
    const everything = JSON.stringify(results);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(BUILD_ARGUMENT_SECRET);
  });
});

// The npm bins are wrappers around the real binaries: stopping only the wrapper used to leave
// workerd servers running after the suite.
it('leaves no runtime process behind', () => {
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(processes.split('\n').filter((line) => /runtime-tests-(workerd|deno)-/.test(line))).toEqual([]);
});
