// Following a build until it concludes: getJobBuild, one attempt per poll, at a growing
// interval, inside the rate limit, reporting each status once. Functions that take the
// client rather than methods, so that a program that only starts builds does not bundle them.
//
// The request bound: polls start at least `pollIntervalMs` apart and a failed poll is not
// retried sooner than the next poll, so a wait of T ms sends at most 1 + floor(T /
// pollIntervalMs) GET requests (startJobBuildAndWait, which waits one interval first: at most
// floor(T / pollIntervalMs)), plus, only when asked to abort, one DELETE without retries.

import type * as Api from '@start-job-build/types';
import type { StartJobBuildClient } from './client.js';
import * as E from './errors.js';
import { sleep, until } from './fetch.js';
import { operations } from './generated/operations.js';
import { checkOptions } from './options.js';
import { rateLimitInfo, serverRequestedDelayMs } from './rate-limit.js';
import { createScrubber, type Scrubber, scrubDeep, scrubError, secretsOf } from './redaction.js';

type Build = Api.JobBuildDetails;
type Status = Api.JobBuildStatus;

/** The final statuses of a build that did not succeed (`throwOnFailure` rejects on these). */
export const FAILED_JOB_BUILD_STATUSES: readonly Status[] = /* @__PURE__ */ Object.freeze([
  'FAILURE',
  'CRASHED',
  'SUBMISSION_FAILURE',
  'ABORTED',
]);
const FAILED = FAILED_JOB_BUILD_STATUSES;
/** The statuses after which a build does not change any more. */
export const FINAL_JOB_BUILD_STATUSES: readonly Status[] = /* @__PURE__ */ Object.freeze([
  'SUCCESS',
  'FAILURE',
  'CRASHED',
  'SUBMISSION_FAILURE',
  'ABORTED',
]);

/** Which build to wait for. */
export interface JobBuildParams extends Api.StartJobBuildPathParams {
  buildId: string;
}

/** How to wait for a build. Every field is optional. */
export interface WaitForJobBuildOptions {
  /** Stops waiting at once, a request in flight included; rejects with AbortError. */
  signal?: AbortSignal | undefined;
  /** The first interval between two polls, and the shortest. Default 5000 ms. */
  pollIntervalMs?: number | undefined;
  /** The interval grows by half after each poll, up to this. Default 30000 ms. */
  maxPollIntervalMs?: number | undefined;
  /** How long to wait in all before rejecting with WaitTimeoutError. Default: no limit. */
  timeoutMs?: number | undefined;
  /** Called once for each status the build enters, the first one seen included. */
  onStatus?: ((status: Status, build: Build) => unknown) | undefined;
  /** Reject with BuildFailedError when the build concludes without success. Default false. */
  throwOnFailure?: boolean | undefined;
  /** When `signal` aborts, also abort the build (one DELETE, within one request timeout). Default false. */
  abortOnCancel?: boolean | undefined;
  /** When `timeoutMs` passes, also abort the build before rejecting. Default false. */
  abortOnTimeout?: boolean | undefined;
  /** How many polls in a row may fail (no response, a 5xx) before the wait rejects. A 429 does not count. Default 10. */
  maxConsecutiveFailures?: number | undefined;
}

/** Options of startJobBuildAndWait: those of the wait, plus a callback for the started build. */
export interface StartJobBuildAndWaitOptions extends WaitForJobBuildOptions {
  /** Called with the build as soon as it was started, before the wait begins. */
  onStarted?: ((build: Api.JobBuild) => unknown) | undefined;
}

// The waits in progress per client, which share its token's rate limit.
const activeWaits = /* @__PURE__ */ new WeakMap<object, number>();
const WAIT_OPTIONS =
  'signal pollIntervalMs maxPollIntervalMs timeoutMs onStatus throwOnFailure abortOnCancel';

async function poll(
  client: StartJobBuildClient,
  params: JobBuildParams,
  options: WaitForJobBuildOptions,
  scrub: Scrubber,
  waitFirst: boolean,
) {
  const { signal, onStatus, pollIntervalMs = 5000, timeoutMs = Number.POSITIVE_INFINITY } = options;
  const { maxPollIntervalMs = 30_000, maxConsecutiveFailures = 10 } = options;
  // Fires when the caller aborts or the time is up, and cuts short a sleep or a request.
  const stop = new AbortController();
  const halt = () => stop.abort();
  if (signal?.aborted) halt();
  signal?.addEventListener('abort', halt);
  const deadline = timeoutMs < 2 ** 31 ? setTimeout(halt, timeoutMs) : undefined;
  activeWaits.set(client, (activeWaits.get(client) ?? 0) + 1);
  let build: Build | undefined;
  let reported: string | undefined;
  let lastFailure: unknown;
  let failures = 0;
  let interval = pollIntervalMs;
  // startJobBuildAndWait waits one interval first: a build that was just queued is not done.
  let delay = waitFirst ? pollIntervalMs : 0;
  try {
    for (;;) {
      if (delay > 0) await sleep(delay, stop.signal);
      if (stop.signal.aborted) break;
      let headers: Headers | undefined;
      let polled: Build | undefined;
      try {
        // One attempt per poll: a failed poll is retried at the next poll, never sooner.
        polled = await client.getJobBuild(params, {
          signal: stop.signal,
          maxRetries: 0,
          onResponse: (response) => {
            headers = response.headers;
          },
        });
      } catch (caught) {
        if (stop.signal.aborted) break;
        // Reading the build carried no secrets, but the server may echo the build's.
        const error = scrubError(caught, scrub);
        const rateLimited = error instanceof E.RateLimitError;
        if (!rateLimited && !(error instanceof E.ConnectionError || error instanceof E.InternalServerError))
          throw error;
        if (!rateLimited && ++failures > maxConsecutiveFailures) throw error;
        lastFailure = error;
      }
      if (polled?.id !== undefined && polled.id !== params.buildId) {
        const message = `200 the API answered with a different build than ${params.buildId}`;
        throw scrubError(new E.ApiError(200, message, headers ?? new Headers()), scrub);
      }
      if (polled) {
        // What the caller sees is scrubbed of the request's secrets, as errors are; the status
        // stays as sent (a secret equal to a status name reveals nothing, and waits compare it).
        const seen = { ...(scrubDeep(polled, scrub) as Build), status: polled.status };
        [build, failures, lastFailure] = [seen, 0, undefined];
        if (polled.status !== undefined && polled.status !== reported) {
          reported = polled.status;
          // Awaited: what an async callback rejects with ends the wait, as a throw does; one
          // that never settles is cut short by the signal or the time limit like a poll.
          const { status } = polled;
          await until(
            Promise.resolve().then(() => onStatus?.(status, seen)),
            stop.signal,
          ).catch((error: unknown) => {
            if (!stop.signal.aborted) throw error;
          });
          if (stop.signal.aborted) break;
        }
        const failed = FAILED.includes(polled.status as Status) || polled.success === false;
        if (
          polled.concluded === true ||
          polled.status === 'SUCCESS' ||
          FAILED.includes(polled.status as Status)
        ) {
          if (options.throwOnFailure && failed) throw new E.BuildFailedError(seen);
          return seen;
        }
      }
      // The next poll: after the current interval, which grows by half each time. After a 429,
      // or when the server says when to come back, that is the wait; otherwise what is left of
      // the allowance is spread until the reset, shared by the waits running on this client.
      delay = interval;
      interval = Math.max(pollIntervalMs, Math.min(maxPollIntervalMs, interval * 1.5));
      const serverDelay = headers && serverRequestedDelayMs(headers);
      if (headers && serverDelay !== undefined) {
        const told = lastFailure instanceof E.RateLimitError || headers.has('retry-after');
        const remaining = told ? 0 : rateLimitInfo(headers).remaining;
        const waits = activeWaits.get(client) ?? 1;
        if (remaining !== undefined)
          delay = Math.max(delay, (serverDelay * waits) / Math.max(remaining, waits));
      }
    }
  } finally {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', halt);
    activeWaits.set(client, (activeWaits.get(client) ?? 1) - 1);
  }

  // Stopped by the caller's signal or by the time limit.
  const cancelled = signal?.aborted === true;
  let outcome = `It is still running${cancelled ? '' : '; it was not aborted'}.`;
  let aborted = false;
  if (cancelled ? options.abortOnCancel : options.abortOnTimeout) {
    // One attempt, so that a cancelled wait settles within one request timeout.
    try {
      await client.abortJobBuild(params, { maxRetries: 0 });
      [aborted, outcome] = [true, 'It was aborted.'];
    } catch (error) {
      outcome = `Aborting it failed: ${scrubError(error as Error, scrub).message}`;
    }
  }
  if (!cancelled) {
    const lastSeen = build;
    throw new E.WaitTimeoutError(params.buildId, lastSeen, timeoutMs, aborted, outcome, lastFailure);
  }
  // After startJobBuildAndWait (the only caller that waits first) the build exists.
  const error = new E.AbortError(signal?.reason, waitFirst);
  error.message = `Stopped waiting for build ${params.buildId}: cancelled. ${outcome}`;
  throw error;
}

/**
 * Polls a build until it concludes and resolves with the final build.
 *
 * ```ts
 * const build = await waitForJobBuild(client, { projectId, jobId, buildId }, { throwOnFailure: true });
 * ```
 */
export async function waitForJobBuild(
  client: StartJobBuildClient,
  params: JobBuildParams,
  options: WaitForJobBuildOptions = {},
): Promise<Build> {
  const checked = checkOptions(
    'waitForJobBuild',
    options,
    `${WAIT_OPTIONS} abortOnTimeout maxConsecutiveFailures`,
  );
  return poll(
    client,
    params,
    checked,
    createScrubber(() => []),
    false,
  );
}

/**
 * Starts a build, then waits for it to conclude; resolves with the final build. The first
 * poll comes one `pollIntervalMs` after the start. Errors carry the build with the request's
 * secret values redacted.
 *
 * ```ts
 * const build = await startJobBuildAndWait(createClient(), { projectId, jobId }, { sha }, { throwOnFailure: true });
 * ```
 */
export async function startJobBuildAndWait(
  client: StartJobBuildClient,
  params: Api.StartJobBuildPathParams,
  body?: Api.StartJobBuildRequest,
  options: StartJobBuildAndWaitOptions = {},
): Promise<Build> {
  const checked = checkOptions(
    'startJobBuildAndWait',
    options,
    `${WAIT_OPTIONS} abortOnTimeout maxConsecutiveFailures onStarted`,
  );
  const started = await client.startJobBuild(params, body, { signal: checked.signal });
  // Bounded by the signal: on a cancel the wait below settles it (aborting the build if asked).
  const { signal, onStarted } = checked;
  await until(
    Promise.resolve().then(() => onStarted?.(started)),
    signal ?? new AbortController().signal,
  ).catch((error: unknown) => {
    if (!signal?.aborted) throw error;
  });
  const scrub = createScrubber(() =>
    secretsOf(
      operations.find((op) => op.id === 'startJobBuild'),
      body,
    ),
  );
  return poll(client, { ...params, buildId: started.id }, checked, scrub, true);
}
