// getJobBuild, abortJobBuild and listJobBuilds: what goes over the wire, what comes back, and
// the retry policy for requests that are safe to repeat (unlike the POST that starts a build).
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConflictError,
  ConnectionError,
  createClient,
  InternalServerError,
  type JobBuildParams,
  listAllJobBuilds,
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
const PAGE = {
  builds: [
    {
      id: 'brave-meadow-4127',
      branch: 'feature/report-format',
      pullRequestId: 42,
      sha: '8a41c5e0d2f3b7a9c6e1d4f0b2a8c7e3d5f9a1b6',
      registry: { uri: 'registry.northflank.com/example-project/nightly-report:8a41c5e' },
      createdAt: '2021-07-29T08:02:11.904Z',
      status: 'BUILDING',
      concluded: false,
    },
    DETAILS,
  ],
  pagination: { hasNextPage: true, cursor: '6101b4d2e3f9a7c500c1e2d3', count: 2 },
};
const found = json(200, { data: DETAILS }, { 'x-ratelimit-remaining': '998', 'x-request-id': 'req-1' });
const listed = json(200, { data: PAGE });
const abortAccepted = json(200, { data: {} });
const unavailable = json(503, { error: { status: 503, message: 'Unavailable' } });
const params = { projectId: 'default-project', jobId: 'nightly-report' };
const build = (buildId: string) => ({ ...params, buildId });
const fast = { initialDelayMs: 5, maxDelayMs: 10 };

const server = useTestServer(found);
const client = () => createClient({ token: TOKEN, baseUrl: server.url, retry: fast });

describe('getJobBuild', () => {
  it('GETs the build path with auth and user agent, and resolves to the build', async () => {
    const result = await client().getJobBuild(build('joyous-view-6290'));
    expect(result).toEqual(DETAILS);
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
    await client().getJobBuild({ projectId: 'a/b', jobId: 'j', buildId: '../x?y#z' });
    expect(server.requests[0]?.url).toBe('/v1/projects/a%2Fb/jobs/j/build/..%2Fx%3Fy%23z');
  });

  const notASegment = 'must be a non-empty, well-formed string other than "." and ".."';
  it.each([
    ['', 'minLength', { limit: 1 }, 'must NOT have fewer than 1 characters'],
    ['.', 'path', {}, notASegment],
    ['..', 'path', {}, notASegment],
    [42, 'type', { type: 'string' }, 'must be string'],
    [undefined, 'required', { missingProperty: 'buildId' }, 'is required'],
  ])('refuses the build id %j before sending anything', async (buildId, keyword, issueParams, message) => {
    const error = (await client()
      .getJobBuild(build(buildId as string))
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { in: 'path', pointer: '/buildId', keyword, params: issueParams, message },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('checks projectId and jobId too', async () => {
    const error = (await client()
      .getJobBuild({ projectId: '', jobId: '', buildId: 'b' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((issue) => issue.pointer)).toEqual(['/projectId', '/jobId']);
    const dots = (await client()
      .getJobBuild({ projectId: 'p', jobId: '..', buildId: 'b' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(dots.issues.map((issue) => [issue.in, issue.pointer])).toEqual([['path', '/jobId']]);
    expect(server.requests).toHaveLength(0);
  });

  it('hands the response to onResponse (for the rate-limit headers)', async () => {
    const seen: Response[] = [];
    await client().getJobBuild(build('b'), { onResponse: (response) => seen.push(response) });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toBe(200);
    expect(seen[0]?.headers.get('x-ratelimit-remaining')).toBe('998');
  });

  it('throws NotFoundError for a 404, with the request id', async () => {
    server.handle(
      json(404, { error: { status: 404, message: 'Build not found' } }, { 'x-request-id': 'req-404' }),
    );
    const error = (await client()
      .getJobBuild(build('nope'))
      .catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      '404 Build not found. Nothing found for projectId "default-project", jobId "nightly-report", buildId "nope".',
    );
    expect(error.requestId).toBe('req-404');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a 200 without a build as an ApiError, without claiming a build may have started', async () => {
    server.handle(text(200, '<html>login</html>'));
    const error = (await client()
      .getJobBuild(build('b'))
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(200);
    expect(error.message).toBe('200 OK: login (not the expected data)');
    expect(server.requests).toHaveLength(1);
  });

  it('scrubs the token from an error message the server echoes', async () => {
    server.handle(json(400, { error: { status: 400, message: `bad token ${TOKEN}` } }));
    const error = (await client()
      .getJobBuild(build('b'))
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message.includes(TOKEN)).toBe(false);
    expect(error.message).toBe('400 bad token [redacted]');
  });
});

describe('abortJobBuild', () => {
  it('DELETEs the build path and resolves to the empty data', async () => {
    server.handle(abortAccepted);
    await expect(client().abortJobBuild(build('joyous-view-6290'))).resolves.toEqual({});
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe('DELETE');
    expect(server.requests[0]?.url).toBe(
      '/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290',
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('accepts a 2xx without a body', async () => {
    server.handle(text(204, ''));
    await expect(client().abortJobBuild(build('b'))).resolves.toBeUndefined();
  });

  it('throws ConflictError for a 409', async () => {
    server.handle(json(409, { error: { status: 409, message: 'Build already concluded' } }));
    await expect(client().abortJobBuild(build('b'))).rejects.toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a bad build id before sending anything', async () => {
    await expect(client().abortJobBuild(build('..'))).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('listJobBuilds', () => {
  it('GETs the job build path with the query parameters, and resolves to one page', async () => {
    server.handle(listed);
    const page = await client().listJobBuilds({ projectId: 'p', jobId: 'j', per_page: 20, cursor: 'abc' });
    expect(page).toEqual(PAGE);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/v1/projects/p/jobs/j/build?per_page=20&cursor=abc');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.body).toBe('');
  });

  it('sends no query string without query parameters, and encodes the values', async () => {
    server.handle(listed);
    await client().listJobBuilds({ projectId: 'p', jobId: 'j' });
    await client().listJobBuilds({ projectId: 'p', jobId: 'j', page: 2, cursor: 'a b&c=d' });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/projects/p/jobs/j/build',
      '/v1/projects/p/jobs/j/build?page=2&cursor=a%20b%26c%3Dd',
    ]);
  });

  it.each([0, 101])('refuses per_page %s before sending anything', async (perPage) => {
    const error = (await client()
      .listJobBuilds({ projectId: 'p', jobId: 'j', per_page: perPage })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toMatchObject([
      { in: 'query', pointer: '/per_page', keyword: perPage ? 'maximum' : 'minimum' },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('reports an unknown parameter as a query parameter of an operation that has some, a path parameter otherwise', async () => {
    const unknown = { projectId: 'p', jobId: 'j', buildId: 'b', extra: 1 } as unknown as JobBuildParams;
    const list = (await client()
      .listJobBuilds({ ...params, extra: 1 } as typeof params)
      .catch((e: unknown) => e)) as ValidationError;
    const get = (await client()
      .getJobBuild(unknown)
      .catch((e: unknown) => e)) as ValidationError;
    expect(list.issues).toMatchObject([{ in: 'query', pointer: '/extra', keyword: 'additionalProperties' }]);
    expect(get.issues).toMatchObject([{ in: 'path', pointer: '/extra', keyword: 'additionalProperties' }]);
    expect(server.requests).toHaveLength(0);
  });

  it('reports a 200 without a page as an ApiError', async () => {
    server.handle(json(200, { data: { builds: [] } }));
    const error = (await client()
      .listJobBuilds(params)
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(200);
  });

  it('is re-sent after a 5xx, like getJobBuild', async () => {
    server.handle(unavailable, listed);
    const page = await client().listJobBuilds({ projectId: 'p', jobId: 'j', per_page: 20 });
    expect(page.builds).toHaveLength(2);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(
      Array(2).fill('GET /v1/projects/p/jobs/j/build?per_page=20'),
    );
  });
});

describe('retries: reading and aborting are safe to repeat', () => {
  it.each(['GET', 'DELETE'] as const)('%s is retried after a dropped connection', async (method) => {
    server.handle(dropConnection, method === 'GET' ? found : abortAccepted);
    const c = client();
    if (method === 'GET') expect((await c.getJobBuild(build('b'))).id).toBe(DETAILS.id);
    else await c.abortJobBuild(build('b'));
    expect(server.requests.map((r) => r.method)).toEqual([method, method]);
  });

  it.each(['GET', 'DELETE'] as const)('%s is retried after a 5xx', async (method) => {
    server.handle(unavailable, json(502, {}), found);
    const c = client();
    if (method === 'GET') expect((await c.getJobBuild(build('b'))).id).toBe(DETAILS.id);
    else await c.abortJobBuild(build('b'));
    expect(server.requests.map((r) => r.method)).toEqual([method, method, method]);
  });

  it.each(['GET', 'DELETE'] as const)('%s is retried after a timeout', async (method) => {
    server.handle(hang, method === 'GET' ? found : abortAccepted);
    const c = createClient({ token: TOKEN, baseUrl: server.url, timeoutMs: 100, retry: fast });
    if (method === 'GET') expect((await c.getJobBuild(build('b'))).id).toBe(DETAILS.id);
    else await c.abortJobBuild(build('b'));
    expect(server.requests.map((r) => r.method)).toEqual([method, method]);
  });

  const failures = [
    ['a 5xx', json(500, { error: { status: 500, message: 'Internal error' } })],
    ['a timeout', hang],
    ['a dropped connection', dropConnection],
  ] as const;
  describe.each(['GET', 'DELETE'] as const)('%s', (method) => {
    it.each(failures)(
      'after %s, gives up after maxRetries + 1 requests, without claiming a build may have started',
      async (_what, handler) => {
        server.handle(handler);
        const c = createClient({
          token: TOKEN,
          baseUrl: server.url,
          timeoutMs: 100,
          maxRetries: 2,
          retry: fast,
        });
        const error = (await (method === 'GET'
          ? c.getJobBuild(build('b'))
          : c.abortJobBuild(build('b'))
        ).catch((e: unknown) => e)) as Error & { buildMayHaveStarted?: boolean };
        expect(server.requests.map((r) => r.method)).toEqual([method, method, method]);
        if (handler === hang) {
          expect(error).toBeInstanceOf(TimeoutError);
          expect(error.message).toBe('No response within 100 ms.');
        } else if (handler === dropConnection) {
          expect(error).toBeInstanceOf(ConnectionError);
          expect(error).not.toBeInstanceOf(TimeoutError);
          expect(error.message).toMatch(/^Connection to http:\/\/127\.0\.0\.1:\d+ \([A-Z_]+\) failed\.$/);
        } else {
          expect(error).toBeInstanceOf(InternalServerError);
          expect(error.message).toBe('500 Internal error');
        }
        if (error instanceof ConnectionError) expect(error.buildMayHaveStarted).toBe(false);
        else expect(error.buildMayHaveStarted).not.toBe(true);
        expect(error.message).not.toMatch(/build may/);
      },
    );
  });

  it('takes a per-call maxRetries over the client one, fewer or more', async () => {
    server.handle(unavailable);
    const c = createClient({ token: TOKEN, baseUrl: server.url, maxRetries: 3, retry: fast });
    await expect(c.getJobBuild(build('b'), { maxRetries: 1 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    await expect(c.abortJobBuild(build('b'), { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    const none = createClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0, retry: fast });
    await expect(none.getJobBuild(build('b'), { maxRetries: 2 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
  });

  it('does not re-send after a 4xx', async () => {
    server.handle(json(404, { error: { status: 404, message: 'Build not found' } }));
    await expect(client().getJobBuild(build('b'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(client().abortJobBuild(build('b'))).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'DELETE']);
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

describe('listAllJobBuilds', () => {
  const page = (ids: string[], next?: string) =>
    json(200, {
      data: {
        builds: ids.map((id) => ({ ...DETAILS, id })),
        pagination: { hasNextPage: next !== undefined, ...(next && { cursor: next }), count: ids.length },
      },
    });

  it('yields every build of every page in order, sending each page’s cursor for the next', async () => {
    server.handle(page(['a', 'b'], 'c1'), page(['c'], 'c2'), page(['d']));
    const ids: string[] = [];
    for await (const build of listAllJobBuilds(client(), { ...params, per_page: 2 })) ids.push(build.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/projects/default-project/jobs/nightly-report/build?per_page=2',
      '/v1/projects/default-project/jobs/nightly-report/build?per_page=2&cursor=c1',
      '/v1/projects/default-project/jobs/nightly-report/build?per_page=2&cursor=c2',
    ]);
  });

  it('asks for the next page only when the loop wants more', async () => {
    server.handle(page(['a', 'b'], 'c1'), page(['c']));
    for await (const build of listAllJobBuilds(client(), params)) {
      if (build.id === 'a') break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a cursor the server handed out before (A, B, A), instead of looping', async () => {
    server.handle(page(['a'], 'A'), page(['b'], 'B'), page(['c'], 'A'));
    const ids: string[] = [];
    const error = await (async () => {
      for await (const build of listAllJobBuilds(client(), params)) ids.push(build.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(server.requests).toHaveLength(3);
  });

  it('refuses a page that says more follow but repeats its cursor, instead of looping', async () => {
    server.handle(page(['a'], 'same'), page(['b'], 'same'));
    const ids: string[] = [];
    const error = await (async () => {
      for await (const build of listAllJobBuilds(client(), params)) ids.push(build.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/no new cursor/);
    expect(ids).toEqual(['a', 'b']);
    expect(server.requests).toHaveLength(2);
  });
});
