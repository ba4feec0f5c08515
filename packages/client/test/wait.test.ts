// Waiting for a build, against a stateful fake of the job-build endpoints that walks builds
// through their statuses, drops connections, fails with 5xx, and runs out of rate limit.
//
// The request bound under test (see src/wait.ts and the README): polls start at least
// `pollIntervalMs` apart and a failed poll is never retried sooner, so a wait of T ms sends at
// most 1 + floor(T / pollIntervalMs) GETs, or floor(T / pollIntervalMs) for
// startJobBuildAndWait, which waits one interval before its first poll.
import { inspect } from 'node:util';
import { it as base, describe, expect, vi } from 'vitest';
import {
  AbortError,
  ApiError,
  BuildFailedError,
  createClient,
  FAILED_JOB_BUILD_STATUSES,
  FINAL_JOB_BUILD_STATUSES,
  InternalServerError,
  NotFoundError,
  startJobBuildAndWait,
  ValidationError,
  type WaitForJobBuildOptions,
  WaitTimeoutError,
  waitForJobBuild,
} from '../src/index.js';
import { type BuildServer, buildBody, type Stage, startBuildServer } from './helpers/build-server.js';
import { TOKEN } from './helpers/server.js';

// Each test gets its own fake server (they run concurrently), closed when the test ends.
const it = base.extend<{ s: BuildServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixture dependencies from this pattern.
  s: async ({}, use) => {
    const started = await startBuildServer();
    await use(started);
    await started.close();
  },
});

const params = { projectId: 'default-project', jobId: 'nightly-report' };
/** Which build to wait for. */
const paramsOf = (buildId: string) => ({ ...params, buildId });
const POLL = 20;
const clientFor = (s: BuildServer) => createClient({ token: TOKEN, baseUrl: s.url, timeoutMs: 1000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** QUEUED for two reads, BUILDING for three, then `final`: six polls when nothing fails. */
const walk = (final: string, message?: string): Stage[] => [
  { status: 'QUEUED', reads: 2 },
  { status: 'BUILDING', reads: 3 },
  { status: final, message: message ?? null },
];

/** The names of the secrets that appear in `text` (names, so a failure never prints a secret). */
const leaked = (text: string, secrets: Record<string, string>) =>
  Object.entries(secrets)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);

/** Runs `wait` and measures how long it took on the client. */
async function timed<T>(wait: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await wait();
  return { result, ms: Date.now() - started };
}

/** The documented bound: 1 + floor(T / pollIntervalMs) GETs for a wait of T ms. */
const bound = (ms: number, pollIntervalMs = POLL) => 1 + Math.floor(ms / pollIntervalMs);
/** The gaps between consecutive requests, as the server received them. */
const gaps = (times: number[]) => times.slice(1).map((at, i) => at - (times[i] as number));

describe.concurrent('waitForJobBuild', () => {
  it('polls until the build concludes, reports each status once and resolves with the final build', async ({
    s,
  }) => {
    s.addBuild('b-1', walk('SUCCESS'));
    const seen: string[] = [];
    const { result, ms } = await timed(() =>
      waitForJobBuild(clientFor(s), paramsOf('b-1'), {
        pollIntervalMs: POLL,
        maxPollIntervalMs: 40,
        onStatus: (status, build) => {
          expect(build.status).toBe(status);
          seen.push(status);
        },
      }),
    );
    expect(result).toMatchObject({ id: 'b-1', status: 'SUCCESS', concluded: true, success: true });
    expect(seen).toEqual(['QUEUED', 'BUILDING', 'SUCCESS']);
    const gets = s.requests('GET', 'b-1');
    expect(gets).toHaveLength(6);
    expect(gets.length).toBeLessThanOrEqual(bound(ms));
    expect(s.log).toHaveLength(gets.length);
    expect(gets.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('backs off: the interval grows by half after each poll, up to maxPollIntervalMs', async ({ s }) => {
    s.addBuild('b-2', [{ status: 'BUILDING', forMs: 450 }, { status: 'SUCCESS' }]);
    const { ms } = await timed(() =>
      waitForJobBuild(clientFor(s), paramsOf('b-2'), { pollIntervalMs: POLL, maxPollIntervalMs: 60 }),
    );
    const observed = gaps(s.requests('GET', 'b-2').map((r) => r.at));
    // 20, 30, 45, then 60 ms for good; timers may fire a millisecond early by the server's clock.
    const expected = observed.map((_, i) => Math.min(60, POLL * 1.5 ** i));
    observed.forEach((gap, i) => {
      expect(gap, `gap ${i} of ${observed.join(', ')}`).toBeGreaterThanOrEqual((expected[i] as number) - 2);
    });
    expect(observed.length + 1).toBeLessThanOrEqual(bound(ms));
    // And the tighter bound that growth gives: 450 ms need at most 1 + 3 + ceil(355 / 60) polls.
    expect(observed.length + 1).toBeLessThanOrEqual(1 + 3 + Math.ceil((450 - 95) / 60) + 1);
  });

  it('resolves with a failed build by default', async ({ s }) => {
    s.addBuild('b-3', walk('FAILURE', 'Step 3 failed'));
    const build = await waitForJobBuild(clientFor(s), paramsOf('b-3'), { pollIntervalMs: POLL });
    expect(build).toMatchObject({
      status: 'FAILURE',
      concluded: true,
      success: false,
      message: 'Step 3 failed',
    });
  });

  it.for(['FAILURE', 'CRASHED', 'SUBMISSION_FAILURE', 'ABORTED'])(
    'rejects with BuildFailedError carrying the final build when it ends with %s and throwOnFailure is set',
    async (status, { s }) => {
      s.addBuild('b-4', walk(status, `Ended with ${status}`));
      const seen: string[] = [];
      const error = (await waitForJobBuild(clientFor(s), paramsOf('b-4'), {
        pollIntervalMs: POLL,
        throwOnFailure: true,
        onStatus: (st) => seen.push(st),
      }).catch((e: unknown) => e)) as BuildFailedError;
      expect(error).toBeInstanceOf(BuildFailedError);
      expect(error.name).toBe('BuildFailedError');
      expect(error.build).toMatchObject({
        id: 'b-4',
        status,
        concluded: true,
        message: `Ended with ${status}`,
      });
      expect(error.message).toBe(`Build b-4 concluded with status ${status}: Ended with ${status}.`);
      expect(String(error.stack)).toMatch(/^BuildFailedError: Build b-4/);
      expect(seen).toEqual(['QUEUED', 'BUILDING', status]);
    },
  );

  it('resolves with a successful build even when throwOnFailure is set', async ({ s }) => {
    s.addBuild('b-5', walk('SUCCESS'));
    const build = await waitForJobBuild(clientFor(s), paramsOf('b-5'), {
      pollIntervalMs: POLL,
      throwOnFailure: true,
    });
    expect(build.status).toBe('SUCCESS');
  });

  it('makes one request for a build that has already concluded', async ({ s }) => {
    s.addBuild('b-6', [{ status: 'SUCCESS' }]);
    const build = await waitForJobBuild(clientFor(s), paramsOf('b-6'), { pollIntervalMs: POLL });
    expect(build.status).toBe('SUCCESS');
    expect(s.log).toHaveLength(1);
  });

  it('tolerates a dropped connection, a 5xx and a timed-out poll, each costing one poll and no extra request', async ({
    s,
  }) => {
    s.addBuild('b-7', walk('SUCCESS'));
    s.faults.push({ kind: 'drop' }, { kind: 'status', status: 503 }, { kind: 'hang' });
    const seen: string[] = [];
    // The client would re-send a GET after 1 ms: the wait must not let it. The time limit ends the
    // hung poll, and leaves an answered poll room to arrive on a loaded machine.
    const client = createClient({
      token: TOKEN,
      baseUrl: s.url,
      timeoutMs: 500,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const { result, ms } = await timed(() =>
      waitForJobBuild(client, paramsOf('b-7'), {
        pollIntervalMs: POLL,
        maxPollIntervalMs: 40,
        onStatus: (status) => seen.push(status),
      }),
    );
    expect(result.status).toBe('SUCCESS');
    expect(seen).toEqual(['QUEUED', 'BUILDING', 'SUCCESS']);
    const gets = s.requests('GET', 'b-7');
    expect(gets.map((r) => r.outcome)).toEqual(['drop', 503, 'hang', 200, 200, 200, 200, 200, 200]);
    expect(gets.length).toBeLessThanOrEqual(bound(ms));
    // No quick retries: even after a failure, polls stay an interval apart.
    for (const gap of gaps(gets.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(POLL - 2);
  });

  it('gives up with the last failure after maxConsecutiveFailures failed polls in a row', async ({ s }) => {
    s.addBuild('b-8', walk('SUCCESS'));
    for (let i = 0; i < 10; i++) s.faults.push({ kind: 'status', status: 502 });
    const error = await waitForJobBuild(clientFor(s), paramsOf('b-8'), {
      pollIntervalMs: POLL,
      maxConsecutiveFailures: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(502);
    expect(s.log).toHaveLength(3);
  });

  it('rejects at once on an error that polling again cannot fix (404)', async ({ s }) => {
    const error = await waitForJobBuild(clientFor(s), paramsOf('missing'), { pollIntervalMs: POLL }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(s.log).toHaveLength(1);
  });

  it('refuses a bad build id before sending anything', async ({ s }) => {
    const error = (await waitForJobBuild(clientFor(s), paramsOf('..')).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((issue) => [issue.in, issue.pointer])).toEqual([['path', '/buildId']]);
    expect(s.log).toHaveLength(0);
  });

  it.for([
    [{ pollInterval: 5 }, 'waitForJobBuild: unknown option `pollInterval`'],
    [{ pollIntervalMs: 0 }, 'waitForJobBuild: `pollIntervalMs` must be a finite integer > 0'],
    [
      { maxConsecutiveFailures: -1 },
      'waitForJobBuild: `maxConsecutiveFailures` must be a finite integer >= 0',
    ],
    [{ onStatus: 1 }, 'waitForJobBuild: `onStatus` must be a function'],
    [
      { timeoutMs: -1 },
      'waitForJobBuild: `timeoutMs` must be a positive number up to 2147483647, or Infinity',
    ],
    // A longer limit would silently be none: timers stop at 2^31-1 ms.
    [
      { timeoutMs: 2 ** 31 },
      'waitForJobBuild: `timeoutMs` must be a positive number up to 2147483647, or Infinity',
    ],
    // Only startJobBuildAndWait starts a build to report.
    [{ onStarted: () => {} }, 'waitForJobBuild: unknown option `onStarted`'],
  ] as const)(
    'refuses the options %j with a TypeError before sending anything',
    async ([options, message], { s }) => {
      s.addBuild('o-1', [{ status: 'SUCCESS' }]);
      const error = await waitForJobBuild(
        clientFor(s),
        paramsOf('o-1'),
        options as WaitForJobBuildOptions,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(message);
      expect(s.log).toHaveLength(0);
    },
  );

  it('names a bad option without quoting its value', async ({ s }) => {
    const error = await waitForJobBuild(clientFor(s), paramsOf('o-2'), {
      maxPollIntervalMs: -987_654,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^waitForJobBuild: `maxPollIntervalMs` must be /);
    expect((error as TypeError).message).not.toContain('987');
    expect(s.log).toHaveLength(0);
  });

  it('rejects a polled build whose id differs from the awaited one, and polls no more', async ({ s }) => {
    s.addBuild('d-1', walk('SUCCESS'));
    // A concluded build, but someone else's: resolving with it would report the wrong outcome.
    const other = buildBody(s.addBuild('d-2', [{ status: 'SUCCESS' }]));
    s.faults.push({ kind: 'status', status: 200, body: { data: other } });
    const seen: string[] = [];
    const error = (await waitForJobBuild(clientFor(s), paramsOf('d-1'), {
      pollIntervalMs: POLL,
      onStatus: (status) => seen.push(status),
    }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('d-1');
    expect(seen).toEqual([]);
    await sleep(3 * POLL);
    expect(s.log).toHaveLength(1);
  });

  it("redacts the client's token from the build a BuildFailedError carries", async ({ s }) => {
    s.addBuild('b-10', walk('FAILURE', `RUN failed with token ${TOKEN}`));
    const error = (await waitForJobBuild(clientFor(s), paramsOf('b-10'), {
      pollIntervalMs: POLL,
      throwOnFailure: true,
    }).catch((e: unknown) => e)) as BuildFailedError;
    expect(error).toBeInstanceOf(BuildFailedError);
    expect(leaked(`${error.build.message} ${error.message}`, { 'the token': TOKEN })).toEqual([]);
    expect(error.build.message).toBe('RUN failed with token [redacted]');
  });

  it('ends the wait with the error onStatus throws, and polls no more', async ({ s }) => {
    s.addBuild('b-9', walk('SUCCESS'));
    const thrown = new Error('stop here');
    const error = await waitForJobBuild(clientFor(s), paramsOf('b-9'), {
      pollIntervalMs: POLL,
      onStatus: () => {
        throw thrown;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(thrown);
    await sleep(3 * POLL);
    expect(s.log).toHaveLength(1);
  });
});

describe.concurrent('rate limits', () => {
  it('spreads the remaining requests until the reset, and never runs into a 429', async ({ s }) => {
    // 5 requests per 300 ms window: polling every 20 ms would need 15.
    s.rateLimit = { limit: 5, windowMs: 300 };
    s.addBuild('r-1', [{ status: 'BUILDING', forMs: 700 }, { status: 'SUCCESS' }]);
    const { result, ms } = await timed(() =>
      waitForJobBuild(clientFor(s), paramsOf('r-1'), { pollIntervalMs: POLL, maxPollIntervalMs: POLL }),
    );
    expect(result.status).toBe('SUCCESS');
    expect(s.log.map((r) => r.outcome).filter((outcome) => outcome !== 200)).toEqual([]);
    expect(s.log.length).toBeLessThanOrEqual(bound(ms));
    // About 5 per window over 700 ms: 3 windows' worth at most (the first window starts at the first request).
    expect(s.log.length).toBeLessThanOrEqual(15);
    // It keeps polling while it spreads (on a loaded machine, slow answers leave room for fewer polls).
    expect(s.log.length).toBeGreaterThanOrEqual(2);
  });

  it('shares the allowance between waits running on the same client', async ({ s }) => {
    s.rateLimit = { limit: 6, windowMs: 300 };
    // The first read is BUILDING whenever it comes (a loaded machine may be slow to send it).
    const timeline = [
      { status: 'BUILDING', reads: 1 },
      { status: 'BUILDING', forMs: 500 },
      { status: 'SUCCESS' },
    ];
    s.addBuild('r-2', timeline);
    s.addBuild('r-3', timeline);
    const client = clientFor(s);
    const options = { pollIntervalMs: POLL, maxPollIntervalMs: POLL };
    const builds = await Promise.all([
      waitForJobBuild(client, paramsOf('r-2'), options),
      waitForJobBuild(client, paramsOf('r-3'), options),
    ]);
    expect(builds.map((b) => b.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(s.log.filter((r) => r.outcome === 429)).toEqual([]);
    // After the first polls at most 5 requests are left for about 300 ms; two waits share them,
    // so each waits at least 2 x 300 / 5 ms (alone, it would wait 300 / remaining).
    for (const id of ['r-2', 'r-3']) {
      const [first, second] = s.requests('GET', id).map((r) => r.at);
      expect((second as number) - (first as number), id).toBeGreaterThanOrEqual(110);
    }
  });

  it('waits out a 429 for as long as Retry-After says, without counting it as a failure', async ({ s }) => {
    s.addBuild('r-4', walk('SUCCESS'));
    s.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '0.25' } });
    const build = await waitForJobBuild(clientFor(s), paramsOf('r-4'), {
      pollIntervalMs: POLL,
      maxConsecutiveFailures: 0,
    });
    expect(build.status).toBe('SUCCESS');
    const gets = s.requests('GET', 'r-4');
    expect(gets.map((r) => r.outcome)).toEqual([429, 200, 200, 200, 200, 200, 200]);
    expect((gets[1]?.at as number) - (gets[0]?.at as number)).toBeGreaterThanOrEqual(248);
  });

  it("honours a 503's Retry-After too", async ({ s }) => {
    s.addBuild('r-6', walk('SUCCESS'));
    s.faults.push({ kind: 'status', status: 503, headers: { 'retry-after': '0.2' } });
    await waitForJobBuild(clientFor(s), paramsOf('r-6'), { pollIntervalMs: POLL });
    const gets = s.requests('GET', 'r-6');
    expect(gets.map((r) => r.outcome)).toEqual([503, 200, 200, 200, 200, 200, 200]);
    expect((gets[1]?.at as number) - (gets[0]?.at as number)).toBeGreaterThanOrEqual(198);
  });

  it('waits out a 429 until x-ratelimit-reset when there is no Retry-After', async ({ s }) => {
    s.addBuild('r-5', walk('SUCCESS'));
    s.faults.push({
      kind: 'status',
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.2' },
    });
    await waitForJobBuild(clientFor(s), paramsOf('r-5'), { pollIntervalMs: POLL });
    const gets = s.requests('GET', 'r-5');
    expect((gets[1]?.at as number) - (gets[0]?.at as number)).toBeGreaterThanOrEqual(198);
  });
});

describe.concurrent('cancelling and time limits', () => {
  it('stops at once when the signal aborts between polls, and sends nothing more', async ({ s }) => {
    s.addBuild('c-1', [{ status: 'BUILDING' }]);
    const controller = new AbortController();
    const reason = new Error('deploy cancelled');
    const pending = waitForJobBuild(clientFor(s), paramsOf('c-1'), {
      signal: controller.signal,
      pollIntervalMs: 200,
    }).catch((e: unknown) => e);
    // Between polls: after the first answer, well before the next poll 200 ms later.
    while (s.log.length === 0) await sleep(5);
    expect(s.log).toHaveLength(1);
    const abortedAt = Date.now();
    controller.abort(reason);
    const error = (await pending) as AbortError;
    expect(Date.now() - abortedAt).toBeLessThan(150);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
    expect(error.message).toBe('Stopped waiting for build c-1: cancelled. It is still running.');
    await sleep(300);
    expect(s.log).toHaveLength(1);
  });

  it('cuts a poll in flight short', async ({ s }) => {
    s.addBuild('c-2', [{ status: 'BUILDING' }]);
    s.faults.push({ kind: 'hang' });
    const controller = new AbortController();
    const pending = waitForJobBuild(clientFor(s), paramsOf('c-2'), {
      signal: controller.signal,
      pollIntervalMs: POLL,
    }).catch((e: unknown) => e);
    // Once the poll has reached the server (which never answers it).
    while (s.log.length === 0) await sleep(5);
    const abortedAt = Date.now();
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
    // Far below the client's 30 s request timeout: the abort, not the timeout, ended it.
    expect(Date.now() - abortedAt).toBeLessThan(150);
    await sleep(3 * POLL);
    expect(s.log).toHaveLength(1);
  });

  it('sends nothing when the signal has already aborted', async ({ s }) => {
    s.addBuild('c-3', [{ status: 'BUILDING' }]);
    const error = await waitForJobBuild(clientFor(s), paramsOf('c-3'), {
      signal: AbortSignal.abort(),
      abortOnCancel: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(s.log).toHaveLength(0);
  });

  it('with abortOnCancel, sends exactly one DELETE, then rejects with AbortError', async ({ s }) => {
    const build = s.addBuild('c-4', [{ status: 'BUILDING' }]);
    const controller = new AbortController();
    const pending = waitForJobBuild(clientFor(s), paramsOf('c-4'), {
      signal: controller.signal,
      pollIntervalMs: POLL,
      abortOnCancel: true,
    }).catch((e: unknown) => e);
    await sleep(70);
    controller.abort();
    const error = (await pending) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe('Stopped waiting for build c-4: cancelled. It was aborted.');
    expect(s.requests('DELETE')).toHaveLength(1);
    expect(s.requests('DELETE')[0]?.url).toBe('/v1/projects/default-project/jobs/nightly-report/build/c-4');
    expect(build.abortedAt).toBeDefined();
    const gets = s.requests('GET').length;
    await sleep(3 * POLL);
    expect(s.requests('GET')).toHaveLength(gets);
    expect(s.log.at(-1)?.method).toBe('DELETE');
  });

  it('says so when the abort request fails', async ({ s }) => {
    // The build concludes right after the first poll has seen it running.
    s.addBuild('c-5', [{ status: 'BUILDING', reads: 1 }, { status: 'SUCCESS' }]);
    const controller = new AbortController();
    // The signal fires after the build has concluded but before the wait has seen it.
    const pending = waitForJobBuild(clientFor(s), paramsOf('c-5'), {
      signal: controller.signal,
      pollIntervalMs: 5000,
      abortOnCancel: true,
    }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(s.requests('GET')).toHaveLength(1));
    controller.abort();
    const error = (await pending) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe(
      'Stopped waiting for build c-5: cancelled. Aborting it failed: 409 The build has already concluded',
    );
    expect(s.requests('DELETE')).toHaveLength(1);
  });

  it('with abortOnCancel, settles within about one request timeout when the DELETE gets no answer', async ({
    s,
  }) => {
    s.addBuild('c-6', [{ status: 'BUILDING' }]);
    s.abortFaults.push({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    // With the client's own retries the abort alone would take 3 x 300 ms plus the backoff.
    const client = createClient({ token: TOKEN, baseUrl: s.url, timeoutMs: 300, maxRetries: 2 });
    const controller = new AbortController();
    const pending = waitForJobBuild(client, paramsOf('c-6'), {
      signal: controller.signal,
      pollIntervalMs: 5000,
      abortOnCancel: true,
    }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(s.requests('GET')).toHaveLength(1));
    const cancelledAt = Date.now();
    controller.abort();
    const error = (await pending) as AbortError;
    const settledAfter = Date.now() - cancelledAt;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe(
      'Stopped waiting for build c-6: cancelled. Aborting it failed: No response within 300 ms.',
    );
    expect(settledAfter).toBeLessThan(2 * 300 + 300);
    // Long enough for a re-sent DELETE to arrive, had there been one.
    await sleep(800);
    expect(s.requests('DELETE')).toHaveLength(1);
    expect(s.requests('GET')).toHaveLength(1);
  });

  it('rejects with WaitTimeoutError when timeoutMs passes, and leaves the build running', async ({ s }) => {
    const build = s.addBuild('t-1', [{ status: 'QUEUED' }]);
    const { result, ms } = await timed(() =>
      waitForJobBuild(clientFor(s), paramsOf('t-1'), { pollIntervalMs: POLL, timeoutMs: 500 }).catch(
        (e: unknown) => e,
      ),
    );
    const error = result as WaitTimeoutError;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.name).toBe('WaitTimeoutError');
    expect(error.message).toBe(
      'Build t-1 had not concluded after 500 ms of waiting (last status: QUEUED). It is still running; it was not aborted.',
    );
    expect(error).toMatchObject({ buildId: 't-1', timeoutMs: 500, aborted: false });
    expect(error.build?.status).toBe('QUEUED');
    // It ends at its time limit, not at the next poll's or request's: well before a 1 s request timeout.
    expect(ms).toBeGreaterThanOrEqual(498);
    expect(ms).toBeLessThan(1300);
    expect(s.requests('DELETE')).toHaveLength(0);
    expect(build.abortedAt).toBeUndefined();
    expect(s.log.length).toBeLessThanOrEqual(bound(ms));
  });

  it('an async onStatus that never settles does not outlast the time limit', async ({ s }) => {
    s.addBuild('t-9', [{ status: 'BUILDING' }]);
    const error = await waitForJobBuild(clientFor(s), paramsOf('t-9'), {
      pollIntervalMs: POLL,
      timeoutMs: 300,
      onStatus: () => new Promise<void>(() => {}),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
  });

  it('with abortOnTimeout, aborts the build when the time is up', async ({ s }) => {
    const build = s.addBuild('t-2', [{ status: 'BUILDING' }]);
    const error = (await waitForJobBuild(clientFor(s), paramsOf('t-2'), {
      pollIntervalMs: POLL,
      timeoutMs: 500,
      abortOnTimeout: true,
    }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.aborted).toBe(true);
    expect(error.message).toMatch(/\(last status: BUILDING\)\. It was aborted\.$/);
    expect(s.requests('DELETE')).toHaveLength(1);
    expect(build.abortedAt).toBeDefined();
  });

  it('keeps the last failed poll as the cause of a timeout', async ({ s }) => {
    s.addBuild('t-3', [{ status: 'BUILDING' }]);
    for (let i = 0; i < 20; i++) s.faults.push({ kind: 'status', status: 503 });
    const error = (await waitForJobBuild(clientFor(s), paramsOf('t-3'), {
      pollIntervalMs: POLL,
      timeoutMs: 400,
    }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.build).toBeUndefined();
    expect(error.message).toMatch(/\(last status: unknown\)/);
    expect(error.cause).toBeInstanceOf(InternalServerError);
  });
});

describe.concurrent('startJobBuildAndWait', () => {
  it('starts a build and awaits its conclusion in two lines', async ({ s }) => {
    s.timeline = walk('SUCCESS');
    const { result, ms } = await timed(async () => {
      const client = createClient({ token: TOKEN, baseUrl: s.url });
      return startJobBuildAndWait(
        client,
        params,
        { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' },
        {
          pollIntervalMs: POLL,
          throwOnFailure: true,
        },
      );
    });
    expect(result).toMatchObject({ id: 'build-1', status: 'SUCCESS', concluded: true });
    expect(s.requests('POST')).toHaveLength(1);
    const gets = s.requests('GET', 'build-1');
    // The first poll waits an interval: a build that was just queued is not done.
    expect((gets[0]?.at as number) - (s.requests('POST')[0]?.at as number)).toBeGreaterThanOrEqual(POLL - 2);
    expect(gets.length).toBeLessThanOrEqual(Math.floor(ms / POLL));
  });

  it('reports the started build, then each status', async ({ s }) => {
    const events: string[] = [];
    await startJobBuildAndWait(clientFor(s), params, undefined, {
      pollIntervalMs: POLL,
      onStarted: (build) => events.push(`started ${build.id}`),
      onStatus: (status) => events.push(status),
    });
    expect(events).toEqual(['started build-1', 'QUEUED', 'BUILDING', 'SUCCESS']);
  });

  it('a cancel after the build started says the build exists (buildMayHaveStarted)', async ({ s }) => {
    s.timeline = walk('SUCCESS');
    const controller = new AbortController();
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const pending = startJobBuildAndWait(clientFor(s), params, undefined, {
      pollIntervalMs: 1000,
      signal: controller.signal,
      onStarted: () => started(),
    }).catch((e: unknown) => e);
    await hasStarted;
    controller.abort();
    const error = (await pending) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.buildMayHaveStarted).toBe(true);
    expect(error.message).toBe('Stopped waiting for build build-1: cancelled. It is still running.');
  });

  it("redacts the request's secret values from BuildFailedError", async ({ s }) => {
    const secret = 'hunter2-very-secret';
    s.timeline = walk('FAILURE', `RUN failed with API_KEY=${secret} and token ${TOKEN}`);
    const error = (await startJobBuildAndWait(
      clientFor(s),
      params,
      { overrides: { buildArguments: { API_KEY: secret } } },
      { pollIntervalMs: POLL, throwOnFailure: true },
    ).catch((e: unknown) => e)) as BuildFailedError;
    expect(error).toBeInstanceOf(BuildFailedError);
    const secrets = { 'the build argument': secret, 'the token': TOKEN };
    for (const printed of [
      error.build.message ?? '',
      error.message,
      String(error),
      JSON.stringify(error),
      error.stack ?? '',
    ]) {
      expect(leaked(printed, secrets)).toEqual([]);
    }
    expect(error.build.message).toBe('RUN failed with API_KEY=[redacted] and token [redacted]');
  });

  it("redacts the request's secret values from the build it resolves with and the builds onStatus sees", async ({
    s,
  }) => {
    const secret = 'hunter2-very-secret';
    s.timeline = walk('SUCCESS', `done with API_KEY=${secret}`);
    const seen: string[] = [];
    const build = await startJobBuildAndWait(
      clientFor(s),
      params,
      { overrides: { buildArguments: { API_KEY: secret } } },
      { pollIntervalMs: POLL, onStatus: (_status, b) => void seen.push(JSON.stringify(b)) },
    );
    expect(build.status).toBe('SUCCESS');
    expect(build.message).toBe('done with API_KEY=[redacted]');
    expect(seen.join(' ')).not.toContain(secret);
  });

  it("redacts the request's secret values from the build a WaitTimeoutError carries", async ({ s }) => {
    const secret = 'c2VjcmV0LWZpbGUtY29udGVudHM=';
    s.timeline = [{ status: 'BUILDING', message: `copying ${secret}` }];
    const error = (await startJobBuildAndWait(
      clientFor(s),
      params,
      { overrides: { buildFiles: { '/etc/secret': { data: secret, encoding: 'utf-8' } } } },
      { pollIntervalMs: POLL, timeoutMs: 400 },
    ).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const secrets = { 'the secret file': secret };
    for (const printed of [error.build?.message ?? '', inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(leaked(printed, secrets)).toEqual([]);
    }
    expect(error.build?.message).toBe('copying [redacted]');
  });

  it('validates the options before starting a build', async ({ s }) => {
    await expect(
      startJobBuildAndWait(clientFor(s), params, undefined, { maxPollIntervalMs: Number.NaN }),
    ).rejects.toThrow(
      new TypeError('startJobBuildAndWait: `maxPollIntervalMs` must be a finite integer > 0'),
    );
    expect(s.log).toHaveLength(0);
  });
});

describe('final statuses', () => {
  it('lists the final and the failed statuses of the spec', () => {
    expect([...FINAL_JOB_BUILD_STATUSES].sort()).toEqual(
      ['ABORTED', 'CRASHED', 'FAILURE', 'SUBMISSION_FAILURE', 'SUCCESS'].sort(),
    );
    expect(FAILED_JOB_BUILD_STATUSES).toEqual(FINAL_JOB_BUILD_STATUSES.filter((s) => s !== 'SUCCESS'));
    expect(Object.isFrozen(FINAL_JOB_BUILD_STATUSES)).toBe(true);
  });
});
