// What goes over the wire: method, path, headers and body, plus the raw client.
import { describe, expect, it } from 'vitest';
import { createClient, MissingTokenError, ValidationError, VERSION } from '../src/index.js';
import { BUILD, json, ok, SHA, TOKEN, text, useTestServer } from './helpers/server.js';

const server = useTestServer(ok);

const overridesBody = {
  sha: SHA,
  overrides: {
    buildArguments: { ARGUMENT_1: 'abcdef', ARGUMENT_2: '12345' },
    buildFiles: { '/dir/fileName': { data: 'VGhpcyBpcyBhbg==', encoding: 'utf-8' } },
    dockerSecretMounts: { 'example-secret-mount_1': { data: 'VGhpcyBpcyBhbg==', encoding: 'utf-8' } },
    docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/' },
  },
};

describe('startJobBuild request', () => {
  it('POSTs the body as JSON to the job build path with auth, content type and user agent', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const build = await client.startJobBuild(
      { projectId: 'default-project', jobId: 'nightly-report' },
      overridesBody,
    );

    expect(build).toEqual(BUILD);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/projects/default-project/jobs/nightly-report/build');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(`@start-job-build/client/${VERSION}`);
    expect(JSON.parse(request?.body ?? '')).toEqual(overridesBody);
  });

  it('sends no body and no content type when the body is left out', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' });
    expect(server.requests[0]?.body).toBe('');
    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('sends an empty object body as {}', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' }, {});
    expect(server.requests[0]?.body).toBe('{}');
  });

  it('percent-encodes path parameters so they stay inside their segment', async () => {
    const client = createClient({ token: TOKEN, baseUrl: `${server.url}/` });
    await client.startJobBuild({ projectId: 'a/b?c#d', jobId: '..%2f x' });
    expect(server.requests[0]?.url).toBe('/v1/projects/a%2Fb%3Fc%23d/jobs/..%252f%20x/build');
  });

  it('appends the caller user agent to its own', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url, userAgent: 'deploy-bot/1.2' });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' });
    expect(server.requests[0]?.headers['user-agent']).toBe(
      `@start-job-build/client/${VERSION} deploy-bot/1.2`,
    );
  });

  it('reads the token from NORTHFLANK_API_TOKEN when none is passed', async () => {
    const saved = process.env.NORTHFLANK_API_TOKEN;
    process.env.NORTHFLANK_API_TOKEN = 'from-the-environment';
    try {
      const client = createClient({ baseUrl: server.url });
      await client.startJobBuild({ projectId: 'p', jobId: 'j' });
      expect(server.requests[0]?.headers.authorization).toBe('Bearer from-the-environment');
    } finally {
      if (saved === undefined) delete process.env.NORTHFLANK_API_TOKEN;
      else process.env.NORTHFLANK_API_TOKEN = saved;
    }
  });

  it('without a token, fails at call time saying how to provide one, and sends nothing', async () => {
    const saved = process.env.NORTHFLANK_API_TOKEN;
    delete process.env.NORTHFLANK_API_TOKEN;
    try {
      const client = createClient({ baseUrl: server.url, token: '  ' });
      const error = await client.startJobBuild({ projectId: 'p', jobId: 'j' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingTokenError);
      expect((error as Error).message).toMatch(
        /pass `token` to createClient\(\) or set NORTHFLANK_API_TOKEN/,
      );
      const rawResult = await client.raw
        .POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
          params: { path: { projectId: 'p', jobId: 'j' } },
        })
        .catch((e: unknown) => e);
      expect(rawResult).toBeInstanceOf(MissingTokenError);
      expect(server.requests).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.NORTHFLANK_API_TOKEN = saved;
    }
  });

  it('when reading NORTHFLANK_API_TOKEN is refused (Deno without --allow-env), fails at call time saying why', async () => {
    const saved = process.env;
    // Deno's process.env throws on a read it has no permission for.
    process.env = new Proxy(
      {},
      {
        get(_target, name) {
          throw Object.assign(
            new Error(`Requires env access to "${String(name)}", run again with the --allow-env flag`),
            {
              name: 'NotCapable',
            },
          );
        },
      },
    );
    let client: ReturnType<typeof createClient>;
    try {
      client = createClient({ baseUrl: server.url });
    } finally {
      process.env = saved;
    }
    const error = await client.startJobBuild({ projectId: 'p', jobId: 'j' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingTokenError);
    expect((error as Error).message).toBe(
      'No API token: pass `token` to createClient() or set NORTHFLANK_API_TOKEN (reading it failed: Requires env access to "NORTHFLANK_API_TOKEN", run again with the --allow-env flag). Nothing was sent.',
    );
    expect((error as Error).cause).toMatchObject({ name: 'NotCapable' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a userAgent that cannot be a header value when the client is created', () => {
    expect(() => createClient({ token: TOKEN, userAgent: 'bot/1\nX-Injected: 1' })).toThrow(
      new TypeError('createClient: `userAgent` is not a valid HTTP header value'),
    );
  });

  it('refuses a path parameter with a lone surrogate (it cannot be percent-encoded), sending nothing', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const start = await client.startJobBuild({ projectId: 'p\uD800', jobId: 'j' }).catch((e: unknown) => e);
    expect(start).toBeInstanceOf(ValidationError);
    expect((start as ValidationError).issues).toEqual([
      {
        in: 'path',
        pointer: '/projectId',
        keyword: 'path',
        params: {},
        message: 'must be a non-empty, well-formed string other than "." and ".."',
      },
    ]);
    const get = await client
      .getJobBuild({ projectId: 'p', jobId: 'j', buildId: '\uDC00' })
      .catch((e: unknown) => e);
    expect(get).toBeInstanceOf(ValidationError);
    expect((get as ValidationError).issues.map((issue) => `${issue.in} ${issue.pointer}`)).toEqual([
      'path /buildId',
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('uses an injected fetch instead of the global one', async () => {
    const seen: Request[] = [];
    const client = createClient({
      token: TOKEN,
      baseUrl: 'https://api.example.test',
      fetch: async (request) => {
        seen.push(request);
        return new Response(JSON.stringify({ data: { id: 'from-injected-fetch' } }), { status: 200 });
      },
    });
    const build = await client.startJobBuild({ projectId: 'p', jobId: 'j' }, { sha: SHA });
    expect(build.id).toBe('from-injected-fetch');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('https://api.example.test/v1/projects/p/jobs/j/build');
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(await seen[0]?.text()).toBe(JSON.stringify({ sha: SHA }));
  });

  it('rejects unusable client options at creation', () => {
    expect(() => createClient({ token: TOKEN, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createClient({ token: TOKEN, maxRetries: -1 })).toThrow(/maxRetries/);
  });
});

describe('getJobBuild, abortJobBuild and listJobBuilds requests', () => {
  const build = { projectId: 'default-project', jobId: 'nightly-report', buildId: 'joyous-view-6290' };

  it('getJobBuild GETs the build by its path parameters, without a body, and resolves to its data', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    expect(await client.getJobBuild(build)).toEqual(BUILD);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(`@start-job-build/client/${VERSION}`);
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.body).toBe('');
  });

  it('percent-encodes the build id like the other path parameters', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    await client.getJobBuild({ projectId: 'p', jobId: 'j', buildId: 'a/b?c#d' });
    expect(server.requests[0]?.url).toBe('/v1/projects/p/jobs/j/build/a%2Fb%3Fc%23d');
  });

  it('abortJobBuild DELETEs the build and resolves to the data of the response', async () => {
    server.handle(json(200, { data: {} }));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    expect(await client.abortJobBuild(build)).toEqual({});
    const [request] = server.requests;
    expect(request?.method).toBe('DELETE');
    expect(request?.url).toBe('/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.body).toBe('');
  });

  it('abortJobBuild resolves to undefined when the 2xx has no body', async () => {
    server.handle(text(204, ''));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    expect(await client.abortJobBuild(build)).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('listJobBuilds sends its query parameters by name, leaving out those not given', async () => {
    const page = { builds: [BUILD], pagination: { hasNextPage: true, cursor: 'next-cursor' } };
    server.handle(json(200, { data: page }));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    expect(
      await client.listJobBuilds({ projectId: 'p', jobId: 'j', per_page: 20, cursor: 'a b&c=d' }),
    ).toEqual(page);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    const url = new URL(request?.url ?? '', server.url);
    expect(url.pathname).toBe('/v1/projects/p/jobs/j/build');
    expect([...url.searchParams]).toEqual([
      ['per_page', '20'],
      ['cursor', 'a b&c=d'],
    ]);
    await client.listJobBuilds({ projectId: 'p', jobId: 'j' });
    expect(server.requests[1]?.url).toBe('/v1/projects/p/jobs/j/build');
  });

  it('listJobBuilds checks query parameters against the spec before sending', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await client
      .listJobBuilds({ projectId: 'p', jobId: 'j', per_page: 101 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([
      { in: 'query', pointer: '/per_page', keyword: 'maximum' },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an unknown parameter name instead of dropping it', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await client
      .getJobBuild({ ...build, buildID: 'typo' } as typeof build)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([
      { pointer: '/buildID', keyword: 'additionalProperties', message: 'is not a known property' },
    ]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('raw client', () => {
  it('is openapi-fetch with the same auth and user agent, returning { data, error, response }', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url, userAgent: 'raw-user' });
    const { data, error, response } = await client.raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: { projectId: 'p 1', jobId: 'j' } },
      body: { sha: SHA },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(BUILD.id);
    const [request] = server.requests;
    expect(request?.url).toBe('/v1/projects/p%201/jobs/j/build');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['user-agent']).toBe(`@start-job-build/client/${VERSION} raw-user`);
  });

  it('returns API errors as values, like openapi-fetch does', async () => {
    server.handle(json(404, { error: { status: 404, message: 'Not found' } }));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const { data, error, response } = await client.raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: { projectId: 'p', jobId: 'j' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: { status: 404, message: 'Not found' } });
  });

  it('runs middleware added with raw.use() for startJobBuild too', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const seen: string[] = [];
    client.raw.use({
      onRequest: ({ request }) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        request.headers.set('x-trace-id', 'trace-1');
        return request;
      },
    });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' });
    expect(seen).toEqual(['POST /v1/projects/p/jobs/j/build']);
    expect(server.requests[0]?.headers['x-trace-id']).toBe('trace-1');
  });

  it('lets middleware read the response of startJobBuild, and still resolves to the build', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const seen: unknown[] = [];
    client.raw.use({
      onResponse: async ({ response }) => {
        seen.push(await response.clone().json());
      },
    });
    expect(await client.startJobBuild({ projectId: 'p', jobId: 'j' }, { sha: SHA })).toEqual(BUILD);
    expect(seen).toEqual([{ data: BUILD }]);
  });

  it('goes through the same retrying fetch: a GET is re-sent after a 503', async () => {
    server.handle(json(503, {}), ok);
    const client = createClient({ token: TOKEN, baseUrl: server.url, retry: { initialDelayMs: 1 } });
    const { data, response } = await client.raw.GET('/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}', {
      params: { path: { projectId: 'p', jobId: 'j', buildId: 'b' } },
    });
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(BUILD.id);
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'GET']);
  });

  it('sends the body a middleware put in the Request, on every attempt', async () => {
    server.handle(json(429, {}), ok);
    const client = createClient({ token: TOKEN, baseUrl: server.url, retry: { initialDelayMs: 1 } });
    const replaced = { sha: '0000000000000000000000000000000000000000' };
    client.raw.use({
      onRequest: ({ request }) => new Request(request, { body: JSON.stringify(replaced) }),
    });
    await client.startJobBuild({ projectId: 'p', jobId: 'j' }, { sha: SHA });
    expect(server.requests.map((request) => JSON.parse(request.body))).toEqual([replaced, replaced]);
  });

  it('refuses dot-segment path parameters too', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    await expect(
      client.raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
        params: { path: { projectId: '..', jobId: 'j' } },
      }),
    ).rejects.toThrow(
      /path parameter projectId: must be a non-empty, well-formed string other than "\." and "\.\."/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
