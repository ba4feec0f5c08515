// The client does not trust the server (issue 12): it follows no redirect, reads no more than
// maxResponseBytes of a body (after decompression) within the per-attempt timeout, keeps
// secrets out of errors in whatever escaping the server echoes them, lets no server key
// become a prototype, checks every option before anything is sent, and loses no started build
// to a throwing onResponse. Every test runs against node:http on 127.0.0.1.
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  BadRequestError,
  ConflictError,
  createClient,
  InternalServerError,
  type StartJobBuildClient,
  type StartJobBuildRequest,
  startJobBuildAndWait,
  TimeoutError,
} from '../src/index.js';
import {
  BUILD,
  type Handler,
  json,
  ok,
  recordingLogger,
  startServer,
  type TestServer,
  TOKEN,
  text,
  useTestServer,
} from './helpers/server.js';

const server = useTestServer();
/** Another origin (another port): nothing may ever reach it. */
let other: TestServer;
beforeAll(async () => {
  other = await startServer();
});
afterAll(() => other.close());

const params = { projectId: 'p', jobId: 'j' };
const build = { ...params, buildId: BUILD.id };
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ token: TOKEN, baseUrl: server.url, retry: { initialDelayMs: 1 }, ...options });
const caught = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );

/** The three operations, each as a call that resolves or rejects. */
const calls: [string, (c: StartJobBuildClient) => Promise<unknown>][] = [
  ['POST startJobBuild', (c) => c.startJobBuild(params, { sha: BUILD.sha })],
  ['GET getJobBuild', (c) => c.getJobBuild(build)],
  ['DELETE abortJobBuild', (c) => c.abortJobBuild(build)],
];

describe('redirects are never followed', () => {
  describe.each(calls)('%s', (_name, call) => {
    it.each([301, 302, 303, 307, 308])(
      'a %i to another origin is an ApiError naming it; nothing reaches that origin',
      async (status) => {
        other.requests.length = 0;
        server.handle(text(status, '', { location: `${other.url}/v1/elsewhere` }));
        const error = await caught(call(client()));
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(status);
        expect((error as ApiError).message).toContain(`redirect to ${other.url} refused`);
        expect(server.requests).toHaveLength(1);
        expect(other.requests).toHaveLength(0);
      },
    );

    it('a 307 loop to itself sends exactly one request', async () => {
      server.handle((req, res) => {
        res.writeHead(307, { location: req.url });
        res.end();
      });
      const error = await caught(call(client()));
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(307);
      expect((error as ApiError).message).toContain(`redirect to ${server.url} refused`);
      expect(server.requests).toHaveLength(1);
    });
  });

  it('a Location with credentials does not put them into the error', async () => {
    other.requests.length = 0;
    server.handle(text(307, '', { location: `http://user:pass@127.0.0.1:${other.port}/x` }));
    const error = (await caught(client().startJobBuild(params))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain(`redirect to http://127.0.0.1:${other.port} refused`);
    for (const printed of [error.message, String(error), JSON.stringify(error)]) {
      expect(printed).not.toContain('user:pass');
      expect(printed).not.toContain('pass@');
    }
    expect(other.requests).toHaveLength(0);
  });

  it('a redirect followed by an injected fetch is an ApiError that does not claim nothing was sent', async () => {
    other.requests.length = 0;
    server.handle(text(307, '', { location: `${other.url}/v1/projects/p/jobs/j/build` }));
    // A fetch that follows redirects whatever the Request says (a wrapper, a polyfill).
    const following = async (request: Request) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: await request.text(),
        redirect: 'follow',
      });
    const error = await caught(client({ fetch: following }).startJobBuild(params, { sha: BUILD.sha }));
    // The other origin answered with a build: it must not be taken for the build started here.
    expect(other.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('the build may or may not have started');
    // It names where the request went (the response's URL), not the origin it was sent to first.
    expect((error as ApiError).message).toContain(other.url);
    expect((error as ApiError).message).not.toContain('nothing was sent there');
  });

  it('client.raw follows no redirect either', async () => {
    other.requests.length = 0;
    server.handle(text(308, '', { location: `${other.url}/v1/projects/p/jobs/j/build` }));
    const error = await caught(
      client().raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
        params: { path: params },
        body: { sha: BUILD.sha },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(308);
    expect(server.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });
});

/** The peak growth of the resident set size (bytes) while `run` runs. */
async function peakRssGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - before };
  } finally {
    clearInterval(sample);
  }
}

/** Writes `chunk` again and again, as fast as the client reads, until the connection closes. */
function endless(res: ServerResponse, chunk: Buffer): void {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const pump = () => {
    while (!closed) {
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** About 1 MB of gzip that inflates to 1 GiB of zeros, made by streaming (no 1 GiB buffer). */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(2 ** 20);
  for (let i = 0; i < 1024; i++) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

const MB = 1_000_000;

/** The error of a body over the cap: an ApiError saying so (not a timeout), with memory bounded. */
function expectRefusedAsTooLarge(error: unknown, growth: number) {
  expect(error).toBeInstanceOf(ApiError);
  expect(error).not.toBeInstanceOf(TimeoutError);
  expect((error as ApiError).status).toBe(200);
  expect((error as ApiError).message).toContain('larger than maxResponseBytes');
  expect(growth).toBeLessThan(200 * MB);
}

describe('response bodies are capped', () => {
  it('an endless chunked 200 is an ApiError about maxResponseBytes; memory stays bounded', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"id":"');
      endless(res, Buffer.alloc(64 * 1024, 'a'));
    });
    const { result: error, growth } = await peakRssGrowth(() =>
      caught(client({ timeoutMs: 15_000 }).startJobBuild(params)),
    );
    expectRefusedAsTooLarge(error, growth);
    // The API accepted the start request: the message must not invite sending it again.
    expect((error as ApiError).message).toMatch(
      /; the API accepted the request, so the build has most likely started$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a gzip bomb (1 MB inflating to 1 GiB) is an ApiError about maxResponseBytes; memory stays bounded', async () => {
    const bomb = await gzipBomb();
    expect(bomb.length).toBeLessThan(2 * MB);
    server.handle((_req, res) => {
      // Chunked, without a content-length, so that only decompressing tells the size.
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      let offset = 0;
      const next = () => {
        while (offset < bomb.length) {
          const part = bomb.subarray(offset, offset + 16 * 1024);
          offset += part.length;
          if (!res.write(part)) {
            res.once('drain', next);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => {});
      next();
    });
    const { result: error, growth } = await peakRssGrowth(() =>
      caught(client({ timeoutMs: 15_000 }).getJobBuild(build)),
    );
    expectRefusedAsTooLarge(error, growth);
    // A GET is not re-sent for it: the answer would be the same.
    expect(server.requests).toHaveLength(1);
  }, 30_000);

  const envelope = JSON.stringify({ error: { status: 400, message: 'x'.repeat(150) } });

  it.each([
    ['with a content-length', text(400, envelope.padEnd(200), { 'content-type': 'application/json' })],
    [
      'chunked',
      ((_req, res) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.write(envelope.slice(0, 100));
        res.end(envelope.slice(100).padEnd(100));
      }) as Handler,
    ],
  ])(
    'maxResponseBytes: 100 makes a 200-byte error body an error about the cap (%s)',
    async (_how, handler) => {
      expect(Buffer.byteLength(envelope.padEnd(200))).toBe(200);
      server.handle(handler);
      const error = await caught(client({ maxResponseBytes: 100 }).startJobBuild(params));
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).message).toContain('larger than maxResponseBytes (100 bytes)');
      expect((error as ApiError).message).not.toContain('xxxxx');
    },
  );

  const body = JSON.stringify({ data: BUILD });
  const size = Buffer.byteLength(body);

  it.each([
    ['with a content-length', text(200, body, { 'content-type': 'application/json' })],
    [
      'chunked',
      ((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(body.slice(0, 10));
        res.end(body.slice(10));
      }) as Handler,
    ],
  ])('a body of exactly maxResponseBytes is accepted, one byte more is not (%s)', async (_how, handler) => {
    server.handle(handler);
    expect(await client({ maxResponseBytes: size }).startJobBuild(params)).toEqual(BUILD);
    const error = await caught(client({ maxResponseBytes: size - 1 }).startJobBuild(params));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain(`larger than maxResponseBytes (${size - 1} bytes)`);
  });

  it('the per-attempt timeout holds while a body trickles in, one byte every 50 ms', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const error = await caught(client({ timeoutMs: 300, maxRetries: 0 }).getJobBuild(build));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain('300 ms');
    expect(server.requests).toHaveLength(1);
  });
});

/** Every way an error can end up printed or serialised. */
const printsOf = (error: unknown) => {
  const e = error as ApiError;
  return {
    message: e.message,
    details: typeof e.details === 'string' ? e.details : JSON.stringify(e.details),
    String: String(e),
    'JSON.stringify': JSON.stringify(e),
    'util.inspect': inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  };
};
const count = (text: string, part: string) => text.split(part).length - 1;

describe('secrets are scrubbed in any escaping', () => {
  // A token and a build argument with characters that JSON encoders escape differently.
  const token = 'nf/tok&en<9f8e7d6c';
  const arg = 'arg/v\u00e4lue&<x>-7c1f';
  const request: StartJobBuildRequest = { overrides: { buildArguments: { SECRET: arg } } };
  const forms = [
    token,
    'nf\\/tok\\u0026en\\u003c9f8e7d6c',
    'nf\\/tok\\u0026en\\u003C9f8e7d6c',
    'nf\\u002Ftok&en\\u003c9f8e7d6c',
    arg,
    'arg\\/v\\u00e4lue\\u0026\\u003cx\\u003e-7c1f',
    'arg\\/v\\u00E4lue\\u0026\\u003Cx\\u003E-7c1f',
    'arg/v\\u00e4lue&\\u003cx>-7c1f',
    '\\u0061rg\\/v\\u00e4lu\\u0065\\u0026<x\\u003E-7c1f',
  ];
  const fragments = [...forms, '9f8e7d6c', '-7c1f', 'v\u00e4lue', 'u00e4', 'u00E4'];
  const scrubbedClient = () => createClient({ token, baseUrl: server.url, maxRetries: 0 });

  it('in a non-JSON 500 body echoing them: message, details, String, JSON, inspect', async () => {
    server.handle(text(500, `upstream failed: ${forms.join(' | ')} (end)`, { 'content-type': 'text/plain' }));
    const error = (await caught(scrubbedClient().startJobBuild(params, request))) as ApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    // Every form was found (none was cut off or left as it was).
    expect(count(error.details as string, '[redacted]')).toBe(forms.length);
    expect(error.details).toMatch(/^upstream failed: .*\(end\)$/);
    for (const [how, printed] of Object.entries(printsOf(error))) {
      for (const fragment of fragments) expect(printed, `${how}: ${fragment}`).not.toContain(fragment);
    }
  });

  it('in a body that is broken JSON, and in JSON that is not the envelope', async () => {
    server.handle(
      text(502, `{"echo": "${forms.slice(1).join('", "')}"`, { 'content-type': 'application/json' }),
      text(502, `{"echo": ["${forms.slice(1).join('", "')}"]}`, { 'content-type': 'application/json' }),
    );
    for (let i = 0; i < 2; i++) {
      const error = (await caught(scrubbedClient().startJobBuild(params, request))) as ApiError;
      expect(error).toBeInstanceOf(InternalServerError);
      expect(count(error.details as string, '[redacted]')).toBe(forms.length - 1);
      for (const [how, printed] of Object.entries(printsOf(error))) {
        for (const fragment of fragments) expect(printed, `${how}: ${fragment}`).not.toContain(fragment);
      }
    }
  });

  it('in the status text', async () => {
    server.handle((_req, res) => {
      res.writeHead(400, `Bad ${forms[1]} and ${forms[6]}`);
      res.end();
    });
    const error = (await caught(scrubbedClient().startJobBuild(params, request))) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toBe('400 Bad [redacted] and [redacted]');
  });

  it('in response header values, and header names holding a secret are left out', async () => {
    const lower = 'hdrsecret-5d2a';
    server.handle(
      json(
        400,
        { error: { status: 400, message: 'no' } },
        {
          [`x-${lower}`]: '1',
          [`x-${TOKEN}`]: '1',
          'x-echo': `${forms[5]} ${forms[7]}`,
          'x-plain': 'kept',
        },
      ),
    );
    const error = (await caught(
      client().startJobBuild(params, { overrides: { buildArguments: { HEADER: lower, SECRET: arg } } }),
    )) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    const names = [...error.headers.keys()];
    expect(names).toContain('x-plain');
    expect(names.filter((name) => name.includes(lower) || name.includes(TOKEN))).toEqual([]);
    expect(error.headers.get('x-echo')).toBe('[redacted] [redacted]');
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(lower);
  });

  it('a header name holding a mixed-case token (names arrive lower-cased) is left out too', async () => {
    const mixed = 'Nf-Mixed-Token-9F8E7D';
    server.handle(
      json(400, { error: { status: 400, message: 'no' } }, { [`x-${mixed}`]: '1', 'x-plain': 'kept' }),
    );
    const error = (await caught(
      createClient({ token: mixed, baseUrl: server.url }).startJobBuild(params),
    )) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    const names = [...error.headers.keys()];
    expect(names).toContain('x-plain');
    expect(names.filter((name) => name.includes(mixed.toLowerCase()))).toEqual([]);
  });

  it('never nests: a secret "redacted" leaves "[redacted]" intact, also when a wait scrubs twice', async () => {
    // POST starts the build; reading it fails with an error echoing the token and the build's
    // arguments, scrubbed once by getJobBuild (the token) and again by the wait (the arguments).
    server.handle((req, res, raw) =>
      req.method === 'POST'
        ? ok(req, res, raw)
        : json(409, {
            error: { status: 409, message: `token ${TOKEN} args redacted and edacted] end` },
          })(req, res, raw),
    );
    const error = (await caught(
      startJobBuildAndWait(
        client(),
        params,
        { overrides: { buildArguments: { A: 'redacted', B: 'edacted]' } } },
        { pollIntervalMs: 1 },
      ),
    )) as ApiError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('409 token [redacted] args [redacted] and [redacted] end');
  });
});

describe('server keys never become prototypes', () => {
  const hostile =
    '{"error":{"status":400,"message":"bad","details":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"nested":{"__proto__":{"polluted":true}},"ok":1}}}';

  it('an error envelope with __proto__ and constructor keys in its details', async () => {
    server.handle(text(400, hostile, { 'content-type': 'application/json' }));
    const error = (await caught(client().startJobBuild(params))) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    const details = error.details as Record<string, unknown> & { nested: Record<string, unknown> };
    expect(details.ok).toBe(1);
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(details.nested)).toBe(Object.prototype);
    expect(details.polluted).toBeUndefined();
    expect(details.nested.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a 2xx whose data is {"__proto__": {"id": "x"}} is not a build with id "x"', async () => {
    server.handle(text(200, '{"data":{"__proto__":{"id":"x","status":"SUCCESS"}}}'));
    for (const call of [client().startJobBuild(params), client().getJobBuild(build)]) {
      const error = await caught(call);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(200);
    }
  });
});

describe('a 2xx whose data has the wrong types is not a result', () => {
  it.each([
    ['a numeric id', { ...BUILD, id: 42 }],
    ['an id that is an array', { ...BUILD, id: [BUILD.id] }],
    ['a numeric status', { ...BUILD, status: 7 }],
    ['a concluded that is a string', { ...BUILD, concluded: 'false' }],
  ])('%s: an ApiError saying so, for start and get alike', async (_what, data) => {
    server.handle(json(200, { data }));
    for (const call of [client().startJobBuild(params), client().getJobBuild(build)]) {
      const error = (await caught(call)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(200);
      expect(error.message).toMatch(/^200 OK: .*\(not the expected data\)/);
    }
  });

  it('a message that is an object, where the spec gives a string or null (getJobBuild)', async () => {
    server.handle(json(200, { data: { ...BUILD, message: { text: 'hi' } } }));
    const error = (await caught(client().getJobBuild(build))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/^200 OK: .*\(not the expected data\)/);
  });

  it('a null where the spec allows null, a field it does not know, and a status it does not list are accepted', async () => {
    const data = { ...BUILD, message: null, pullRequestId: null, addedLater: { x: 1 }, status: 'NEW_STATUS' };
    server.handle(json(200, { data }));
    expect(await client().getJobBuild(build)).toEqual(data);
  });

  it('a wait stops polling a build whose status is not a string, without reporting it as a status', async () => {
    server.handle(ok, json(200, { data: { ...BUILD, status: 7 } }));
    const seen: unknown[] = [];
    const error = await caught(
      startJobBuildAndWait(client(), params, undefined, {
        pollIntervalMs: 1,
        maxConsecutiveFailures: 0,
        onStatus: (status) => seen.push(status),
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/^200 OK: .*\(not the expected data\)/);
    expect(seen).toEqual([]);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });
});

describe('options are checked at once', () => {
  it.each([
    ['maxRetries', { maxRetries: Number.POSITIVE_INFINITY }],
    ['maxRetries', { maxRetries: -1 }],
    ['maxRetries', { maxRetries: 1.5 }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['fetch', { fetch: 42 }],
    ['baseUrl', { baseUrl: 'api.northflank.com' }],
    ['baseUrl', { baseUrl: 'ftp://x' }],
    ['baseUrl', { baseUrl: 'https://user:secretpw@x.test' }],
    ['baseUrl', { baseUrl: 'https://x.test/?a=1' }],
    ['baseUrl', { baseUrl: 'https://x.test/#f' }],
    ['logger', { logger: { debug: 1 } }],
    ['initialDelayMs', { retry: { initialDelayMs: -1 } }],
    ['maxResponseBytes', { maxResponseBytes: 0 }],
    ['maxRetry', { maxRetry: 1 }],
  ])('createClient: a TypeError naming `%s`', (name, options) => {
    let thrown: unknown;
    try {
      createClient({ token: TOKEN, ...(options as object) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    const { message } = thrown as TypeError;
    expect(message).toMatch(/^createClient: /);
    expect(message).toContain(`\`${name}\``);
    if (name === 'maxRetry') expect(message).toBe('createClient: unknown option `maxRetry`');
    expect(message).not.toContain('secretpw');
  });

  it('accepts an Infinity timeoutMs, for the client and per call', async () => {
    const infinite = client({ timeoutMs: Number.POSITIVE_INFINITY });
    expect(await infinite.getJobBuild(build)).toEqual(BUILD);
    expect(await client().getJobBuild(build, { timeoutMs: Number.POSITIVE_INFINITY })).toEqual(BUILD);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['maxRetries', { maxRetries: Number.POSITIVE_INFINITY }],
    ['maxDelayMs', { retry: { maxDelayMs: -5 } }],
    ['signal', { signal: 'soon' }],
    ['onResponse', { onResponse: 1 }],
    ['timeout', { timeout: 5 }],
    ['maxResponseBytes', { maxResponseBytes: 10 }],
  ])('per call: a TypeError naming `%s`, before anything is sent', async (name, options) => {
    const c = client();
    const read = await caught(c.getJobBuild(build, options as object));
    expect(read).toBeInstanceOf(TypeError);
    expect((read as TypeError).message).toMatch(/^getJobBuild: /);
    expect((read as TypeError).message).toContain(`\`${name}\``);
    const start = await caught(c.startJobBuild(params, undefined, options as object));
    expect(start).toBeInstanceOf(TypeError);
    expect((start as TypeError).message).toMatch(/^startJobBuild: /);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a throwing onResponse', () => {
  it('after a 200 of startJobBuild loses nothing: the call resolves to the build, and logger.warn is told', async () => {
    const { calls: logged, logger } = recordingLogger();
    const build = await client({ logger }).startJobBuild(params, undefined, {
      onResponse: () => {
        throw new Error(`callback failed for ${TOKEN}`);
      },
    });
    expect(build).toEqual(BUILD);
    expect(server.requests).toHaveLength(1);
    const warnings = logged.filter((call) => call.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.args[0])).toMatch(/onResponse/);
    expect(inspect(warnings)).toContain('callback failed');
    expect(inspect(warnings)).not.toContain(TOKEN);
  });

  it('loses nothing either when the logger that is told throws as well', async () => {
    const { logger } = recordingLogger();
    logger.warn = () => {
      throw new Error('logger failed');
    };
    const build = await client({ logger }).startJobBuild(params, undefined, {
      onResponse: () => {
        throw new Error('callback failed');
      },
    });
    expect(build).toEqual(BUILD);
    expect(server.requests).toHaveLength(1);
  });
});

describe('review findings (issue 12)', () => {
  const arg = 'arg-value-\u00e4&<x>-7c1f';
  const request: StartJobBuildRequest = { overrides: { buildArguments: { SECRET: arg, PIN: '4815162342' } } };

  it('secrets echoed base64-encoded, with or without padding, are scrubbed', async () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const forms = [base64(arg), base64(TOKEN).replace(/=+$/, ''), `Basic ${base64(TOKEN)}`];
    server.handle(json(400, { error: { status: 400, message: `echo ${forms.join(' ')}`, details: forms } }));
    const error = (await caught(client({ maxRetries: 0 }).startJobBuild(params, request))) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    const printed = inspect(error, { depth: 9 }) + JSON.stringify(error);
    for (const form of forms) expect(printed).not.toContain(form.replace(/^Basic /, '').slice(0, 12));
    // The padding left behind tells nothing.
    expect(error.details).toEqual([
      '[redacted]',
      '[redacted]',
      expect.stringMatching(/^Basic \[redacted\]=*$/),
    ]);
  });

  it('secrets echoed HTML-escaped, percent-encoded or as a JSON number are scrubbed', async () => {
    const forms = [
      'arg-value-&auml;&amp;&lt;x&gt;-7c1f'.replace('&auml;', '&#228;'),
      'arg-value-&#xE4;&#38;&#x3C;x&#x3e;-7c1f',
      encodeURIComponent(arg),
      encodeURIComponent(TOKEN).replace(/-/g, '%2D'),
    ];
    server.handle(
      json(400, { error: { status: 400, message: `echo ${forms.join(' ')}`, details: { pin: 4815162342 } } }),
    );
    const error = (await caught(client({ maxRetries: 0 }).startJobBuild(params, request))) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    const printed = inspect(error, { depth: 9 }) + JSON.stringify(error);
    for (const part of ['7c1f', '%2D', '4815162342', '9f8e7d6c']) expect(printed).not.toContain(part);
    expect(error.details).toEqual({ pin: '[redacted]' });
  });

  it('a secret file of 2 MB is scrubbed quickly and wholly, with no pattern to outgrow', async () => {
    const { createScrubber } = await import('../src/redaction.js');
    const secret = `${'k'.repeat(2 * MB)}-end`;
    const scrub = createScrubber(() => [secret]);
    const started = performance.now();
    expect(scrub(`before ${secret} after`)).toBe('before [redacted] after');
    expect(scrub('no secret here, just text')).toBe('no secret here, just text');
    // Generous: a regular expression per call made this take seconds, or throw.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a wait scrubs the build secrets out of the headers of an error reading the build', async () => {
    server.handle((req, res, raw) =>
      req.method === 'POST'
        ? ok(req, res, raw)
        : json(
            409,
            { error: { status: 409, message: 'busy' } },
            { 'x-echo': `args ${arg}`, 'x-request-id': `r-${arg}` },
          )(req, res, raw),
    );
    const error = (await caught(
      startJobBuildAndWait(client(), params, request, { pollIntervalMs: 1 }),
    )) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.headers.get('x-echo')).toBe('args [redacted]');
    expect(error.requestId).toBe('r-[redacted]');
  });

  it('a retry option set to undefined keeps its default (no NaN delay, the Retry-After cap holds)', async () => {
    server.handle(json(429, { error: { status: 429, message: 'slow down' } }, { 'retry-after': '3600' }));
    const c = client({ retry: { maxRetryAfterMs: undefined, initialDelayMs: undefined } });
    const started = Date.now();
    const error = await caught(c.startJobBuild(params, undefined, { retry: { maxRetryAfterMs: undefined } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  });

  it('options are read once, from own properties; an inherited one is refused, not ignored', async () => {
    const inherited = Object.create({ maxRetries: 0, token: TOKEN });
    inherited.baseUrl = server.url;
    expect(() => createClient(inherited)).toThrow(
      new TypeError('createClient: `token` must be an own property of the options (pass a plain object)'),
    );
    let reads = 0;
    const changing = {
      token: TOKEN,
      baseUrl: server.url,
      get maxRetries() {
        reads += 1;
        return reads === 1 ? 0 : Number.NaN;
      },
    };
    server.handle(json(503, { error: { status: 503, message: 'down' } }));
    expect(await caught(createClient(changing).getJobBuild(build))).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it('an async onResponse that rejects goes to logger.warn, not to an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const { calls: logged, logger } = recordingLogger();
      const started = await client({ logger }).startJobBuild(params, undefined, {
        onResponse: async () => {
          throw new Error('async callback failed');
        },
      });
      expect(started).toEqual(BUILD);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(inspect(logged.filter((call) => call.level === 'warn'))).toContain('async callback failed');
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('an oversized 503 to a GET is still retried, as any 5xx of an idempotent operation is', async () => {
    let calls = 0;
    server.handle((req, res, raw) => {
      calls += 1;
      if (calls > 1) return ok(req, res, raw);
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('x'.repeat(2048));
    });
    expect(await client({ maxResponseBytes: 1024 }).getJobBuild(build)).toEqual(BUILD);
    expect(server.requests).toHaveLength(2);
  });

  it('a HEAD through client.raw is not refused for the length its headers announce', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * MB) });
      res.end();
    });
    const raw = client({ maxResponseBytes: 1024 }).raw as unknown as {
      HEAD: (path: string, init: object) => Promise<{ response: Response }>;
    };
    const { response } = await raw.HEAD('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: params },
    });
    expect(response.status).toBe(200);
  });

  it('a GET that an injected fetch redirects to a 5xx elsewhere is not re-sent there', async () => {
    other.handle(json(503, { error: { status: 503, message: 'down' } }));
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.url}/elsewhere` });
      res.end();
    });
    other.requests.length = 0;
    const following = (request: Request) =>
      fetch(request.url, { method: request.method, headers: request.headers, redirect: 'follow' });
    expect(await caught(client({ fetch: following }).getJobBuild(build))).toBeInstanceOf(ApiError);
    expect(other.requests).toHaveLength(1);
  });

  it('a secret file quoted one line at a time, without its final newline, is scrubbed', async () => {
    const file = Buffer.from(
      '//registry.npmjs.org/:_authToken=npm_0123456789abcdef\nalways-auth=true\n',
    ).toString('base64');
    const withFile: StartJobBuildRequest = {
      overrides: { dockerSecretMounts: { npmrc: { data: file, encoding: 'utf-8' } } },
    };
    server.handle(
      json(400, {
        error: { status: 400, message: 'bad line //registry.npmjs.org/:_authToken=npm_0123456789abcdef' },
      }),
    );
    const error = (await caught(client({ maxRetries: 0 }).startJobBuild(params, withFile))) as ApiError;
    expect(error.message).toBe('400 bad line [redacted]');
  });

  it('a secret split by markup in an HTML body is scrubbed in the excerpt', async () => {
    const request: StartJobBuildRequest = { overrides: { buildArguments: { PW: 'hunter2pw' } } };
    server.handle(text(502, '<p>bad value hun<b>ter2</b>pw</p>', { 'content-type': 'text/html' }));
    const error = (await caught(client({ maxRetries: 0 }).startJobBuild(params, request))) as ApiError;
    expect(error.message).not.toMatch(/hun.?ter2.?pw/);
  });

  it('a 404 quotes the identifiers it lists as JSON strings', async () => {
    server.handle(json(404, { error: { status: 404, message: 'Not found' } }));
    const error = (await caught(
      client({ validateRequests: false }).getJobBuild({ ...build, buildId: 'b"\nforged' }),
    )) as ApiError;
    expect(error.message).toContain('buildId "b\\"\\nforged"');
  });

  it('an earlier 429 the client waited out is not described as one it refused to wait for', async () => {
    let calls = 0;
    server.handle((req, res, raw) => {
      calls += 1;
      const wait = calls === 1 ? '0' : '120';
      json(429, { error: { status: 429, message: 'slow down' } }, { 'retry-after': wait })(req, res, raw);
    });
    const error = (await caught(client().startJobBuild(params))) as ApiError;
    expect(server.requests).toHaveLength(2);
    expect(error.message).toBe(
      '429 slow down. The server asked to wait 120 s; the client does not wait longer than retry.maxRetryAfterMs (60000 ms), so it stopped.',
    );
  });
});
