// getJobBuild and abortJobBuild: what goes over the wire, what comes back, and the retry
// policy for requests that are safe to repeat (unlike the POST that starts a build).
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConflictError,
  ConnectionError,
  createClient,
  InternalServerError,
  NotFoundError,
  TimeoutError,
  ValidationError,
  VERSION,
} from '../src/index.js';
import { dropConnection, hang, json, TOKEN, text, useTestServer } from './helpers/server.js';

const DETAILS = {
  id: 'joyous-view-6290',
  branch: 'main',
  pullRequestId: null,
  sha: '12c15e7ee25fd78f567ebf87f9178b8ad70025b3',
  createdAt: '2021-07-28T15:55:38.296Z',
  status: 'SUCCESS',
  concluded: true,
  success: true,
  message: null,
  buildConcludedAt: 1627487918000,
};
const found = json(200, { data: DETAILS }, { 'x-ratelimit-remaining': '998', 'x-request-id': 'req-1' });
const abortAccepted = json(200, { data: {} });
const params = { projectId: 'default-project', jobId: 'nightly-report' };
const fast = { initialDelayMs: 5, maxDelayMs: 10 };

const server = useTestServer(found);
const client = () => createClient({ token: TOKEN, baseUrl: server.url, retry: fast });

describe('getJobBuild', () => {
  it('GETs the build path with auth and user agent, and resolves to the build', async () => {
    const build = await client().getJobBuild(params, 'joyous-view-6290');
    expect(build).toEqual(DETAILS);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['user-agent']).toBe(`@start-job-build/client/${VERSION}`);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.body).toBe('');
    expect(request?.headers['content-type']).toBeUndefined();
  });

  it('percent-encodes the build id like the other path parameters', async () => {
    await client().getJobBuild({ projectId: 'a/b', jobId: 'j' }, '../x?y#z');
    expect(server.requests[0]?.url).toBe('/v1/projects/a%2Fb/jobs/j/build/..%2Fx%3Fy%23z');
  });

  it.each([
    ['', 'minLength', 'must be a non-empty string'],
    ['.', 'dotSegment', 'must not be "." or ".."'],
    ['..', 'dotSegment', 'must not be "." or ".."'],
    [42, 'type', 'must be a string'],
    [undefined, 'type', 'must be a string'],
  ])('refuses the build id %j before sending anything', async (buildId, keyword, message) => {
    const error = (await client()
      .getJobBuild(params, buildId as string)
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ in: 'path', pointer: '/buildId', keyword, params: {}, message }]);
    expect(server.requests).toHaveLength(0);
  });

  it('checks projectId and jobId too', async () => {
    const error = (await client()
      .getJobBuild({ projectId: '', jobId: '..' }, 'b')
      .catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual(['/projectId', '/jobId']);
    expect(server.requests).toHaveLength(0);
  });

  it('hands the response to onResponse (for the rate-limit headers)', async () => {
    const seen: Response[] = [];
    await client().getJobBuild(params, 'b', { onResponse: (response) => seen.push(response) });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toBe(200);
    expect(seen[0]?.headers.get('x-ratelimit-remaining')).toBe('998');
  });

  it('throws NotFoundError for a 404, with the request id', async () => {
    server.handle(
      json(404, { error: { status: 404, message: 'Build not found' } }, { 'x-request-id': 'req-404' }),
    );
    const error = (await client()
      .getJobBuild(params, 'nope')
      .catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('404 Build not found');
    expect(error.requestId).toBe('req-404');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a 200 without a build as an ApiError, without claiming a build may have started', async () => {
    server.handle(text(200, '<html>login</html>'));
    const error = (await client()
      .getJobBuild(params, 'b')
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('200 OK: login (not a build)');
  });

  it('scrubs the token from an error message the server echoes', async () => {
    server.handle(json(400, { error: { status: 400, message: `bad token ${TOKEN}` } }));
    const error = (await client()
      .getJobBuild(params, 'b')
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('400 bad token [redacted]');
  });
});

describe('abortJobBuild', () => {
  it('DELETEs the build path and resolves to nothing', async () => {
    server.handle(abortAccepted);
    await expect(client().abortJobBuild(params, 'joyous-view-6290')).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe('DELETE');
    expect(server.requests[0]?.url).toBe(
      '/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290',
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('accepts a 2xx without a body', async () => {
    server.handle(text(204, ''));
    await expect(client().abortJobBuild(params, 'b')).resolves.toBeUndefined();
  });

  it('throws ConflictError for a 409', async () => {
    server.handle(json(409, { error: { status: 409, message: 'Build already concluded' } }));
    await expect(client().abortJobBuild(params, 'b')).rejects.toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a bad build id before sending anything', async () => {
    await expect(client().abortJobBuild(params, '..')).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries: reading and aborting are safe to repeat', () => {
  it.each(['GET', 'DELETE'] as const)('%s is retried after a dropped connection', async (method) => {
    server.handle(dropConnection, method === 'GET' ? found : abortAccepted);
    const c = client();
    if (method === 'GET') expect((await c.getJobBuild(params, 'b')).id).toBe(DETAILS.id);
    else await c.abortJobBuild(params, 'b');
    expect(server.requests.map((r) => r.method)).toEqual([method, method]);
  });

  it.each(['GET', 'DELETE'] as const)('%s is retried after a 5xx', async (method) => {
    server.handle(json(503, { error: { status: 503, message: 'Unavailable' } }), json(502, {}), found);
    const c = client();
    if (method === 'GET') expect((await c.getJobBuild(params, 'b')).id).toBe(DETAILS.id);
    else await c.abortJobBuild(params, 'b');
    expect(server.requests).toHaveLength(3);
  });

  it('GET is retried after a timeout', async () => {
    server.handle(hang, found);
    const build = await createClient({
      token: TOKEN,
      baseUrl: server.url,
      timeoutMs: 100,
      retry: fast,
    }).getJobBuild(params, 'b');
    expect(build.id).toBe(DETAILS.id);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries, with errors that do not claim a build may have started', async () => {
    server.handle(dropConnection);
    const lost = (await client()
      .getJobBuild(params, 'b')
      .catch((e: unknown) => e)) as ConnectionError;
    expect(lost).toBeInstanceOf(ConnectionError);
    expect(lost.buildMayHaveStarted).toBe(false);
    expect(lost.message).toMatch(/^Connection to http:\/\/127\.0\.0\.1:\d+ failed \([A-Z_]+\)\.$/);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.handle(json(500, { error: { status: 500, message: 'Internal error' } }));
    const failed = await client()
      .getJobBuild(params, 'b', { maxRetries: 1 })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect((failed as Error).message).toBe('500 Internal error');
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    server.handle(hang);
    const timedOut = (await client()
      .getJobBuild(params, 'b', { timeoutMs: 50, maxRetries: 0 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(timedOut.buildMayHaveStarted).toBe(false);
    expect(timedOut.message).toBe('No response within 50 ms.');
  });

  it('still never re-sends the POST that starts a build after a 5xx or a dropped connection', async () => {
    server.handle(json(503, {}), dropConnection);
    const c = client();
    await expect(c.startJobBuild(params)).rejects.toBeInstanceOf(InternalServerError);
    await expect(c.startJobBuild(params)).rejects.toMatchObject({
      name: 'ConnectionError',
      buildMayHaveStarted: true,
    });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});
