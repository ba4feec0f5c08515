// The retry policy: re-send only when no build can have started (a POST only after a 429 or
// when nothing was sent; GET and DELETE also after a 5xx, a timeout or a lost connection), wait
// as the server asks or back off with jitter, and honour timeouts and the caller's signal.
import { afterEach, it as base, describe, expect, vi } from 'vitest';
import {
  AbortError,
  ConnectionError,
  createClient,
  InternalServerError,
  RateLimitError,
  TimeoutError,
} from '../src/index.js';
import { serverRequestedDelayMs } from '../src/rate-limit.js';
import {
  closedPort,
  dropConnection,
  hang,
  json,
  ok,
  recordingLogger,
  startServer,
  type TestServer,
  TOKEN,
} from './helpers/server.js';

// Each test gets its own server (some run concurrently), closed when the test ends.
const it = base.extend<{ s: TestServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixture dependencies from this pattern.
  s: async ({}, use) => {
    const started = await startServer();
    await use(started);
    await started.close();
  },
});
const lateServers: TestServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(lateServers.splice(0).map((late) => late.close()));
});

const params = { projectId: 'p', jobId: 'j' };
const fast = { initialDelayMs: 5, maxDelayMs: 10 };
const rateLimited = (headers: Record<string, string> = {}) =>
  json(429, { error: { status: 429, message: 'Too many requests' } }, headers);
/** The gaps between consecutive requests, as the server received them. */
const gaps = (s: TestServer) => s.requests.slice(1).map((r, i) => r.at - (s.requests[i]?.at as number));
const gap = (s: TestServer) => gaps(s)[0] ?? Number.NaN;

describe.concurrent('429: waits as the server asks, then retries', () => {
  it('honours Retry-After in seconds', async ({ s }) => {
    s.handle(rateLimited({ 'retry-after': '1' }), ok);
    const build = await createClient({ token: TOKEN, baseUrl: s.url }).startJobBuild(params);
    expect(build.id).toBe('joyous-view-6290');
    expect(s.requests).toHaveLength(2);
    expect(gap(s)).toBeGreaterThanOrEqual(950);
    expect(gap(s)).toBeLessThan(1500);
  });

  it('honours Retry-After as an HTTP date', async ({ s }) => {
    s.handle((_req, res) => {
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      res.end();
    }, ok);
    await createClient({ token: TOKEN, baseUrl: s.url }).startJobBuild(params);
    expect(s.requests).toHaveLength(2);
    // HTTP dates have whole seconds, so the wait is between 1 and 2 seconds.
    expect(gap(s)).toBeGreaterThanOrEqual(950);
    expect(gap(s)).toBeLessThan(2500);
  });

  it('falls back to x-ratelimit-reset without Retry-After', async ({ s }) => {
    s.handle(rateLimited({ 'x-ratelimit-reset': '1', 'x-ratelimit-remaining': '0' }), ok);
    await createClient({ token: TOKEN, baseUrl: s.url }).startJobBuild(params);
    expect(s.requests).toHaveLength(2);
    expect(gap(s)).toBeGreaterThanOrEqual(950);
  });

  it('prefers Retry-After to x-ratelimit-reset', async ({ s }) => {
    s.handle(rateLimited({ 'retry-after': '0.3', 'x-ratelimit-reset': '30' }), ok);
    await createClient({ token: TOKEN, baseUrl: s.url, retry: fast }).startJobBuild(params);
    expect(s.requests).toHaveLength(2);
    expect(gap(s)).toBeGreaterThanOrEqual(295);
    expect(gap(s)).toBeLessThan(10_000);
  });

  it('falls back to x-ratelimit-reset when Retry-After is neither seconds nor a date', async ({ s }) => {
    // The backoff alone would wait at most 10 ms.
    s.handle(rateLimited({ 'retry-after': 'soon', 'x-ratelimit-reset': '0.4' }), ok);
    await createClient({ token: TOKEN, baseUrl: s.url, retry: fast }).startJobBuild(params);
    expect(s.requests).toHaveLength(2);
    expect(gap(s)).toBeGreaterThanOrEqual(395);
  });
});

// Math.random is pinned here, so these tests do not run concurrently with others.
describe('backoff and jitter', () => {
  const backoff = { initialDelayMs: 100, maxDelayMs: 200 };

  /** Four attempts of a start-build request answered by 429s without a wait: the three gaps. */
  async function backoffGaps(s: TestServer, random: number) {
    s.requests.length = 0;
    vi.spyOn(Math, 'random').mockReturnValue(random);
    s.handle(rateLimited());
    const error = await createClient({ token: TOKEN, baseUrl: s.url, maxRetries: 3, retry: backoff })
      .startJobBuild(params)
      .catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(RateLimitError);
    expect(s.requests).toHaveLength(4);
    return gaps(s);
  }

  it('backs off exponentially from initialDelayMs, between half and all of the delay, up to maxDelayMs', async ({
    s,
  }) => {
    // The least jitter: half of 100, 200 and 200 (capped from 400) ms.
    const least = await backoffGaps(s, 0);
    expect(least[0]).toBeGreaterThanOrEqual(47);
    expect(least[1]).toBeGreaterThanOrEqual(97);
    expect(least[2]).toBeGreaterThanOrEqual(97);
    // The most: all of it.
    const most = await backoffGaps(s, 0.999);
    expect(most[0]).toBeGreaterThanOrEqual(97);
    expect(most[1]).toBeGreaterThanOrEqual(197);
    expect(most[2]).toBeGreaterThanOrEqual(197);
    // Without the cap the third wait would be 400 ms.
    expect(most[2]).toBeLessThan(380);
  });

  it('backs off the same way before re-sending a GET after a 5xx', async ({ s }) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    s.handle(json(503, { error: { status: 503, message: 'Unavailable' } }));
    const error = await createClient({ token: TOKEN, baseUrl: s.url, maxRetries: 2, retry: backoff })
      .getJobBuild({ ...params, buildId: 'b' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    const [first, second] = gaps(s);
    expect(first).toBeGreaterThanOrEqual(97);
    expect(second).toBeGreaterThanOrEqual(197);
  });

  it("adds at most a tenth of the server's wait as jitter", async ({ s }) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    s.handle(rateLimited({ 'retry-after': '1' }), ok);
    await createClient({ token: TOKEN, baseUrl: s.url }).startJobBuild(params);
    expect(s.requests).toHaveLength(2);
    // 1000 ms and almost all of the 100 ms of jitter.
    expect(gap(s)).toBeGreaterThanOrEqual(1095);
    expect(gap(s)).toBeLessThan(1600);
  });

  it("adds no jitter below the server's wait", async ({ s }) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    s.handle(rateLimited({ 'retry-after': '0.5' }), ok);
    await createClient({ token: TOKEN, baseUrl: s.url }).startJobBuild(params);
    expect(gap(s)).toBeGreaterThanOrEqual(495);
  });
});

describe('retry policy of the POST that starts a build', () => {
  it('retries a 429 without wait headers with backoff, then throws RateLimitError after maxRetries', async ({
    s,
  }) => {
    s.handle(rateLimited());
    const error = await createClient({ token: TOKEN, baseUrl: s.url, retry: fast })
      .startJobBuild(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(s.requests).toHaveLength(3);
  });

  it('does not sleep through a wait longer than maxRetryAfterMs; the error carries the wait', async ({
    s,
  }) => {
    s.handle(rateLimited({ 'retry-after': '5' }));
    const started = Date.now();
    const error = (await createClient({ token: TOKEN, baseUrl: s.url, retry: { maxRetryAfterMs: 1000 } })
      .startJobBuild(params)
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(5000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.requests).toHaveLength(1);
  });

  it('sends the same JSON body, with its content type, again on a retry', async ({ s }) => {
    const body = {
      sha: '262ed9817b3cad5142fbceabe0c9e371e390d616',
      overrides: { buildArguments: { A: 'b' } },
    };
    s.handle(rateLimited(), ok);
    await createClient({ token: TOKEN, baseUrl: s.url, retry: fast }).startJobBuild(params, body);
    expect(s.requests).toHaveLength(2);
    for (const request of s.requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual(body);
    }
  });

  it('hands an injected fetch a Request with the body on every attempt', async () => {
    const sent: string[] = [];
    const client = createClient({
      token: TOKEN,
      retry: fast,
      fetch: async (request) => {
        sent.push(`${request.headers.get('content-type')} ${await request.text()}`);
        if (sent.length === 1)
          throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
        return new Response(JSON.stringify({ data: { id: 'second-attempt' } }));
      },
    });
    const body = { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' };
    expect(await client.startJobBuild(params, body)).toEqual({ id: 'second-attempt' });
    expect(sent).toEqual(Array(2).fill(`application/json ${JSON.stringify(body)}`));
  });

  it('throws the RateLimitError at once when the wait is longer than a timer can sleep', async ({ s }) => {
    s.handle(rateLimited({ 'retry-after': '2200000' }));
    const controller = new AbortController();
    const pending = createClient({
      token: TOKEN,
      baseUrl: s.url,
      retry: { maxRetryAfterMs: Number.MAX_SAFE_INTEGER },
    })
      .startJobBuild(params, undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    // A client that went to sleep instead would still be waiting (for 25 days): stop it.
    const stop = setTimeout(() => controller.abort(), 3000);
    const error = (await pending) as RateLimitError;
    clearTimeout(stop);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(2_200_000_000);
    expect(s.requests).toHaveLength(1);
  });

  const maxRetriesMessage = 'startJobBuild: `maxRetries` must be a finite integer >= 0';
  const timeoutMessage = 'startJobBuild: `timeoutMs` must be a positive number up to 2147483647, or Infinity';
  it.each([
    ['timeoutMs: NaN', { timeoutMs: Number.NaN }, timeoutMessage],
    ['timeoutMs: -5', { timeoutMs: -5 }, timeoutMessage],
    ['maxRetries: -1', { maxRetries: -1 }, maxRetriesMessage],
    ['maxRetries: NaN', { maxRetries: Number.NaN }, maxRetriesMessage],
    ['maxRetries: Infinity', { maxRetries: Number.POSITIVE_INFINITY }, maxRetriesMessage],
    [
      'retry.initialDelayMs: -1',
      { retry: { initialDelayMs: -1 } },
      'startJobBuild: retry: `initialDelayMs` must be a finite integer >= 0',
    ],
    // The removed opt-ins are refused, not silently ignored.
    ['retry.onTimeout', { retry: { onTimeout: true } }, 'startJobBuild: retry: unknown option `onTimeout`'],
    [
      'retry.onConnectionLost',
      { retry: { onConnectionLost: true } },
      'startJobBuild: retry: unknown option `onConnectionLost`',
    ],
    ['retry.on5xx', { retry: { on5xx: true } }, 'startJobBuild: retry: unknown option `on5xx`'],
  ])('refuses the per-call option %s before sending', async (_name, options, message) => {
    const s = await startServer();
    try {
      const error = await createClient({ token: TOKEN, baseUrl: s.url })
        .startJobBuild(params, undefined, options as object)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(message);
      expect(s.requests).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it.each(['onTimeout', 'onConnectionLost', 'on5xx'])('createClient refuses the removed retry.%s', (name) => {
    expect(() => createClient({ token: TOKEN, retry: { [name]: true } as object })).toThrow(
      new TypeError(`createClient: retry: unknown option \`${name}\``),
    );
  });

  it('takes a per-call maxRetries over the client one', async ({ s }) => {
    s.handle(rateLimited());
    const client = createClient({ token: TOKEN, baseUrl: s.url, maxRetries: 2, retry: fast });
    await expect(client.startJobBuild(params, undefined, { maxRetries: 0 })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    expect(s.requests).toHaveLength(1);
    s.requests.length = 0;
    await expect(client.startJobBuild(params, undefined, { maxRetries: 3 })).rejects.toBeInstanceOf(
      RateLimitError,
    );
    expect(s.requests).toHaveLength(4);
  });

  it('never re-sends it after a 5xx', async ({ s }) => {
    s.handle(json(503, { error: { status: 503, message: 'Unavailable' } }), ok);
    const error = (await createClient({ token: TOKEN, baseUrl: s.url, maxRetries: 5, retry: fast })
      .startJobBuild(params)
      .catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('503 Unavailable; the build may or may not have started');
    expect(s.requests).toHaveLength(1);
  });

  it('never re-sends it when the connection is lost after the server received the body', async ({ s }) => {
    s.handle(dropConnection, ok);
    const error = (await createClient({ token: TOKEN, baseUrl: s.url, maxRetries: 5, retry: fast })
      .startJobBuild(params, { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' })
      .catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.buildMayHaveStarted).toBe(true);
    expect(error.message).toMatch(/the build may or may not have started/);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.body).toContain('262ed98');
  });

  it('retries a refused connection (nothing was sent), then throws ConnectionError', async () => {
    const port = await closedPort();
    const { calls, logger } = recordingLogger();
    const error = (await createClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      retry: fast,
      logger,
    })
      .startJobBuild(params)
      .catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.buildMayHaveStarted).toBe(false);
    expect(error.message).toMatch(
      /Could not connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); nothing was sent/,
    );
    expect(
      calls.filter((c) => c.level === 'debug').map((c) => (c.args[1] as { status: unknown }).status),
    ).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('reaches a server that starts listening between two attempts', async () => {
    const port = await closedPort();
    let late: Promise<TestServer> | undefined;
    const logger = {
      ...recordingLogger().logger,
      // The first attempt was refused: start the server before the retry.
      debug: () => {
        late ??= startServer(port);
      },
    };
    const client = createClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { initialDelayMs: 300 },
      logger,
    });
    const build = await client.startJobBuild(params);
    const s = await (late as Promise<TestServer>);
    lateServers.push(s);
    expect(build.id).toBe('joyous-view-6290');
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.method).toBe('POST');
  });
});

describe('classifying fetch failures by the cause code undici reports', () => {
  const failure = (code: string) =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(`${code} happened`), { code }),
    });

  /** Starts a build whose first attempt throws `error` and whose second would succeed. */
  async function failOnce(error: Error) {
    let calls = 0;
    const client = createClient({
      token: TOKEN,
      retry: fast,
      fetch: async () => {
        calls++;
        if (calls === 1) throw error;
        return new Response(JSON.stringify({ data: { id: 'second-attempt' } }));
      },
    });
    const result = await client.startJobBuild(params).catch((e: unknown) => e);
    return { result, calls };
  }

  it.each([
    ['ENOTFOUND', true],
    ['EAI_AGAIN', true],
    ['ECONNREFUSED', true],
    ['EHOSTUNREACH', true],
    ['UND_ERR_CONNECT_TIMEOUT', true],
    ['ECONNRESET', false],
    ['UND_ERR_SOCKET', false],
    ['EPIPE', false],
  ])('%s is retried by default: %s', async (code, retried) => {
    const { result, calls } = await failOnce(failure(code));
    if (retried) {
      expect(result).toEqual({ id: 'second-attempt' });
      expect(calls).toBe(2);
    } else {
      expect(result).toBeInstanceOf(ConnectionError);
      expect(result).toMatchObject({ code, buildMayHaveStarted: true });
      expect(calls).toBe(1);
    }
  });

  it('treats a failure without a code (as browsers report it) as possibly sent', async () => {
    let calls = 0;
    const client = createClient({
      token: TOKEN,
      retry: fast,
      fetch: async () => {
        calls++;
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await client.startJobBuild(params).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionError', code: undefined, buildMayHaveStarted: true });
    expect(calls).toBe(1);
  });

  // Bun puts the code on the error itself; Deno gives no code but names the failed phase.
  // (tests/runtimes checks both against real refused connections.)
  it.each([
    ['Bun', Object.assign(new TypeError('ECONNREFUSED: Unable to connect.'), { code: 'ECONNREFUSED' }), true],
    [
      'Deno, connect phase',
      new TypeError('fetch failed', {
        cause: new Error(
          'error sending request for url (http://127.0.0.1:1/v1/x): client error (Connect): tcp connect error: Connection refused (os error 111)',
        ),
      }),
      true,
    ],
    [
      'Deno, after sending',
      new TypeError('fetch failed', {
        cause: new Error(
          'error sending request for url (http://127.0.0.1:1/v1/x): client error (SendRequest): connection closed before message completed',
        ),
      }),
      false,
    ],
    ['workerd', new Error('Network connection lost.'), false],
  ])('%s: retried by default: %s', async (_runtime, failure, retried) => {
    const { result, calls } = await failOnce(failure);
    if (retried) {
      expect(result).toEqual({ id: 'second-attempt' });
      expect(calls).toBe(2);
    } else {
      expect(result).toMatchObject({ name: 'ConnectionError', buildMayHaveStarted: true });
      expect(calls).toBe(1);
    }
  });
});

describe('timeouts', () => {
  it('throws TimeoutError and does not re-send', async ({ s }) => {
    s.handle(hang);
    const started = Date.now();
    const error = (await createClient({
      token: TOKEN,
      baseUrl: s.url,
      timeoutMs: 150,
      maxRetries: 5,
      retry: fast,
    })
      .startJobBuild(params)
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.buildMayHaveStarted).toBe(true);
    expect(error.message).toBe('No response within 150 ms; the build may or may not have started.');
    // A loose bound: it gave up after one attempt rather than waiting out retries.
    expect(Date.now() - started).toBeLessThan(5000);
    // On a busy machine the server may log the request just after the client gave up; wait for
    // it, then make sure no second attempt follows.
    await vi.waitFor(() => expect(s.requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.requests).toHaveLength(1);
  });

  it('words the uncertain outcome from the spec: a POST the spec does not know "may or may not have taken effect"', async ({
    s,
  }) => {
    s.handle(hang);
    const client = createClient({ token: TOKEN, baseUrl: s.url, timeoutMs: 150, retry: fast });
    // Through client.raw, to a path no operation of the spec has: no x-effect to go by.
    const post = client.raw.POST as unknown as (path: string, init: object) => Promise<unknown>;
    const error = (await post('/v1/projects/p/jobs/j/settings', { body: { a: 1 } }).catch(
      (e: unknown) => e,
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.buildMayHaveStarted).toBe(true);
    expect(error.message).toBe('No response within 150 ms; the request may or may not have taken effect.');
    await vi.waitFor(() => expect(s.requests).toHaveLength(1));
  });

  it('covers a response body that stalls after the headers', async ({ s }) => {
    s.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    const error = await createClient({ token: TOKEN, baseUrl: s.url, timeoutMs: 150 })
      .startJobBuild(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('takes a per-call timeout over the client one', async ({ s }) => {
    s.handle(hang);
    const client = createClient({ token: TOKEN, baseUrl: s.url, timeoutMs: 60_000 });
    const error = (await client
      .startJobBuild(params, undefined, { timeoutMs: 100 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error.message).toMatch(/No response within 100 ms/);
  });
});

describe('an injected fetch that ignores its signal', () => {
  // It never settles, and never looks at the signal: only the client can end the call.
  const deaf = () => new Promise<Response>(() => {});

  it('still times out', async () => {
    const error = await createClient({ token: TOKEN, fetch: deaf, timeoutMs: 100 })
      .startJobBuild(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('still stops when the caller aborts between the response and its body', async () => {
    const controller = new AbortController();
    const error = await createClient({
      token: TOKEN,
      fetch: () => {
        const response = Promise.resolve(
          new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 200 }),
        );
        // Aborts after the response has arrived, before its body is read.
        response.then(() => Promise.resolve().then(() => controller.abort()));
        return response;
      },
    })
      .startJobBuild(params, undefined, { signal: controller.signal, timeoutMs: 500 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError', buildMayHaveStarted: true });
  });

  it("still stops at the caller's abort", async () => {
    const error = await createClient({ token: TOKEN, fetch: deaf })
      .startJobBuild(params, undefined, { signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError', buildMayHaveStarted: true });
  });

  it('still times out while a response body stalls', async () => {
    const stalled = async () => new Response(new ReadableStream({ start() {} }), { status: 500 });
    const error = await createClient({ token: TOKEN, fetch: stalled, timeoutMs: 100 })
      .startJobBuild(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

/** Calls `call` with a signal, aborts once the server has the request, and returns the error. */
async function abortOnceReceived(s: TestServer, call: (signal: AbortSignal) => Promise<unknown>) {
  s.handle(hang);
  const controller = new AbortController();
  const pending = call(controller.signal).catch((e: unknown) => e);
  // On a busy machine the request can take more than a moment to arrive.
  while (s.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  return pending;
}

describe('caller aborts', () => {
  it('sends nothing when the signal is already aborted', async ({ s }) => {
    const reason = new Error('changed my mind');
    const error = (await createClient({ token: TOKEN, baseUrl: s.url })
      .startJobBuild(params, undefined, { signal: AbortSignal.abort(reason) })
      .catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
    expect(error.buildMayHaveStarted).toBe(false);
    expect(error.message).toBe('The request was aborted.');
    expect(s.requests).toHaveLength(0);
  });

  it('aborts a request in flight', async ({ s }) => {
    const error = (await abortOnceReceived(s, (signal) =>
      createClient({ token: TOKEN, baseUrl: s.url }).startJobBuild(params, undefined, { signal }),
    )) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    // The server has the request: the build may have started, and the error says so.
    expect(error.buildMayHaveStarted).toBe(true);
    expect(error.message).toBe('The request was aborted; the build may or may not have started.');
    expect(s.requests).toHaveLength(1);
  });

  it('an abort in flight of a request that cannot start a build says nothing about builds', async ({ s }) => {
    const error = await abortOnceReceived(s, (signal) =>
      createClient({ token: TOKEN, baseUrl: s.url }).getJobBuild(
        { ...params, buildId: 'build-1' },
        { signal },
      ),
    );
    expect(error).toMatchObject({ name: 'AbortError', buildMayHaveStarted: false });
    expect((error as Error).message).toBe('The request was aborted.');
  });

  it('stops waiting between retries as soon as the signal aborts', async ({ s }) => {
    s.handle(rateLimited({ 'retry-after': '30' }), ok);
    const controller = new AbortController();
    const started = Date.now();
    const pending = createClient({ token: TOKEN, baseUrl: s.url })
      .startJobBuild(params, undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toBeInstanceOf(AbortError);
    // Far below the 30 s the server asked for, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(s.requests).toHaveLength(1);
  });
});

describe('wait computation', () => {
  const headers = (init: Record<string, string>) => new Headers(init);
  const now = Date.parse('2025-07-29T10:00:00Z');

  it('reads Retry-After seconds, HTTP dates, and x-ratelimit-reset in that order', () => {
    expect(serverRequestedDelayMs(headers({ 'retry-after': '120' }), now)).toBe(120_000);
    expect(serverRequestedDelayMs(headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(serverRequestedDelayMs(headers({ 'retry-after': 'Tue, 29 Jul 2025 10:00:30 GMT' }), now)).toBe(
      30_000,
    );
    expect(serverRequestedDelayMs(headers({ 'retry-after': 'Tue, 29 Jul 2025 09:00:00 GMT' }), now)).toBe(0);
    expect(serverRequestedDelayMs(headers({ 'retry-after': '7', 'x-ratelimit-reset': '60' }), now)).toBe(
      7000,
    );
    expect(serverRequestedDelayMs(headers({ 'retry-after': 'soon', 'x-ratelimit-reset': '60' }), now)).toBe(
      60_000,
    );
    expect(serverRequestedDelayMs(headers({ 'x-ratelimit-reset': '3540' }), now)).toBe(3_540_000);
    // A Unix time is read as one.
    expect(serverRequestedDelayMs(headers({ 'x-ratelimit-reset': String(now / 1000 + 90) }), now)).toBe(
      90_000,
    );
    expect(serverRequestedDelayMs(headers({ 'x-ratelimit-reset': '-5' }), now)).toBeUndefined();
    // All three HTTP-date formats (IMF-fixdate, RFC 850, asctime), the last one in GMT too.
    for (const date of [
      'Tue, 29 Jul 2025 10:00:30 GMT',
      'Tuesday, 29-Jul-25 10:00:30 GMT',
      'Tue Jul 29 10:00:30 2025',
    ]) {
      expect(serverRequestedDelayMs(headers({ 'retry-after': date }), now)).toBe(30_000);
    }
    // Date.parse alone reads these as dates in the past (a wait of 0): they are not HTTP dates.
    for (const notADate of ['-5', '-1', '1,5', '12 31', 'soon 2']) {
      expect(
        serverRequestedDelayMs(headers({ 'retry-after': notADate, 'x-ratelimit-reset': '1' }), now),
      ).toBe(1000);
    }
    expect(serverRequestedDelayMs(headers({}), now)).toBeUndefined();
  });
});
