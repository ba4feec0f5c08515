// Following a build until it concludes: getJobBuild, one attempt per poll, at a growing
// interval, inside the rate limit, reporting each status once. Functions that take the
// client rather than methods, so that a program that only starts builds does not bundle them.
//
// The request bound: polls start at least `pollIntervalMs` apart and a failed poll is not
// retried sooner than the next poll, so a wait of T ms sends at most 1 + floor(T /
// pollIntervalMs) GET requests (startJobBuildAndWait, which waits one interval first: at most
// floor(T / pollIntervalMs)), plus, only when asked to abort, one DELETE without retries.

import type {
  JobBuild,
  JobBuildDetails,
  JobBuildStatus,
  StartJobBuildPathParams,
  StartJobBuildRequest,
} from '@start-job-build/types';
import type { StartJobBuildClient } from './client.js';
import {
  AbortError,
  ApiError,
  BuildFailedError,
  ConnectionError,
  InternalServerError,
  RateLimitError,
  StartJobBuildError,
  WaitTimeoutError,
} from './errors.js';
import { sleep } from './fetch.js';
import { operations } from './generated/operations.js';
import { checkOptions } from './options.js';
import { rateLimitInfo, serverRequestedDelayMs } from './rate-limit.js';
import { createScrubber, type Scrubber, scrubDeep, secretsOf } from './redaction.js';

/** The statuses after which a build does not change any more. */
export const FINAL_JOB_BUILD_STATUSES: readonly JobBuildStatus[] = /* @__PURE__ */ Object.freeze([
  'SUCCESS',
  'FAILURE',
  'CRASHED',
  'SUBMISSION_FAILURE',
  'ABORTED',
]);

/** The final statuses of a build that did not succeed (`throwOnFailure` rejects on these). */
export const FAILED_JOB_BUILD_STATUSES: readonly JobBuildStatus[] = /* @__PURE__ */ Object.freeze([
  'FAILURE',
  'CRASHED',
  'SUBMISSION_FAILURE',
  'ABORTED',
]);

/** Which build to wait for. */
export interface JobBuildParams extends StartJobBuildPathParams {
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
  onStatus?: ((status: JobBuildStatus, build: JobBuildDetails) => void) | undefined;
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
  onStarted?: ((build: JobBuild) => void) | undefined;
}

// The waits in progress per client, which share its token's rate limit.
const activeWaits = /* @__PURE__ */ new WeakMap<object, number>();

const WAIT_OPTIONS =
  'signal pollIntervalMs maxPollIntervalMs timeoutMs onStatus throwOnFailure abortOnCancel abortOnTimeout maxConsecutiveFailures onStarted';

/**
 * Scrubs the build's secrets out of an error of a request that did not carry them (reading or
 * aborting the build), in place, in case the server echoes them.
 */
function scrubError<T>(error: T, scrub: Scrubber): T {
  if (error instanceof StartJobBuildError) {
    const fields = error as unknown as { message: string; id?: string; details?: unknown; cause?: Error };
    fields.message = scrub(fields.message);
    if (typeof fields.id === 'string') fields.id = scrub(fields.id);
    fields.details &&= scrubDeep(fields.details, scrub);
    if (fields.cause instanceof Error) fields.cause.message = scrub(fields.cause.message);
  }
  return error;
}

async function poll(
  client: StartJobBuildClient,
  params: JobBuildParams,
  options: WaitForJobBuildOptions,
  scrub: Scrubber,
  // startJobBuildAndWait waits one interval first: a build that was just queued is not done.
  waitFirst: boolean,
): Promise<JobBuildDetails> {
  const { signal, onStatus, pollIntervalMs = 5000, timeoutMs = Number.POSITIVE_INFINITY } = options;
  const { maxPollIntervalMs = 30_000, maxConsecutiveFailures: maxFailures = 10 } = options;
  const { buildId } = params;
  // Fires when the caller aborts or the time is up, and cuts short a sleep or a request.
  const stop = new AbortController();
  const halt = () => stop.abort();
  if (signal?.aborted) halt();
  signal?.addEventListener('abort', halt);
  const deadline = timeoutMs < 2 ** 31 ? setTimeout(halt, timeoutMs) : undefined;
  activeWaits.set(client, (activeWaits.get(client) ?? 0) + 1);

  let build: JobBuildDetails | undefined;
  let reported: string | undefined;
  let failures = 0;
  let lastFailure: unknown;
  let interval = pollIntervalMs;
  let delay = waitFirst ? pollIntervalMs : 0;
  try {
    for (;;) {
      if (delay > 0) await sleep(delay, stop.signal);
      if (stop.signal.aborted) break;
      let headers: Headers | undefined;
      let polled: JobBuildDetails | undefined;
      try {
        polled = await client.getJobBuild(params, {
          signal: stop.signal,
          // One attempt per poll: a failed poll is retried at the next poll, never sooner.
          maxRetries: 0,
          onResponse: (response) => {
            headers = response.headers;
          },
        });
      } catch (caught) {
        if (stop.signal.aborted) break;
        // Reading the build carried no secrets, but the server may echo the build's.
        const error = scrubError(caught, scrub);
        const rateLimited = error instanceof RateLimitError;
        if (!(rateLimited || error instanceof ConnectionError || error instanceof InternalServerError))
          throw error;
        if (!rateLimited && ++failures > maxFailures) throw error;
        lastFailure = error;
      }

      if (polled) {
        if (polled.id !== buildId) {
          const error = new ApiError(
            200,
            `200 the API answered with a different build than ${buildId}`,
            headers ?? new Headers(),
          );
          throw scrubError(error, scrub);
        }
        build = polled;
        failures = 0;
        lastFailure = undefined;
        const { status } = polled;
        if (status !== undefined && status !== reported) {
          reported = status;
          onStatus?.(status, polled);
        }
        if (polled.concluded === true || FINAL_JOB_BUILD_STATUSES.includes(status as JobBuildStatus)) {
          if (
            options.throwOnFailure &&
            (FAILED_JOB_BUILD_STATUSES.includes(status as JobBuildStatus) || polled.success === false)
          ) {
            throw new BuildFailedError(scrubDeep(polled, scrub) as JobBuildDetails);
          }
          return polled;
        }
      }

      // The next poll: after the current interval, which grows by half each time, and later
      // when the rate limit asks for it.
      delay = interval;
      interval = Math.max(pollIntervalMs, Math.min(maxPollIntervalMs, interval * 1.5));
      const serverDelay = headers && serverRequestedDelayMs(headers);
      if (headers && serverDelay !== undefined) {
        // After a 429, or when the server says when to come back, that is the wait. Otherwise
        // what is left of the allowance is spread over the time until the reset, shared
        // between the waits running on this client.
        const remaining =
          lastFailure instanceof RateLimitError || headers.has('retry-after')
            ? 0
            : rateLimitInfo(headers).remaining;
        if (remaining !== undefined) {
          const waits = activeWaits.get(client) ?? 1;
          delay = Math.max(delay, (serverDelay * waits) / Math.max(remaining, waits));
        }
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
    try {
      // One attempt, so that a cancelled wait settles within one request timeout.
      await client.abortJobBuild(params, { maxRetries: 0 });
      aborted = true;
      outcome = 'It was aborted.';
    } catch (error) {
      outcome = `Aborting it failed: ${scrubError(error as Error, scrub).message}`;
    }
  }
  if (cancelled) {
    // After startJobBuildAndWait (the only caller that waits first) the build exists.
    const error = new AbortError(signal?.reason, waitFirst);
    error.message = `Stopped waiting for build ${buildId}: cancelled. ${outcome}`;
    throw error;
  }
  const lastSeen = build && (scrubDeep(build, scrub) as JobBuildDetails);
  throw new WaitTimeoutError(buildId, lastSeen, timeoutMs, aborted, outcome, lastFailure);
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
): Promise<JobBuildDetails> {
  checkOptions('waitForJobBuild', options, WAIT_OPTIONS.replace(' onStarted', ''));
  return poll(
    client,
    params,
    options,
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
  params: StartJobBuildPathParams,
  body?: StartJobBuildRequest,
  options: StartJobBuildAndWaitOptions = {},
): Promise<JobBuildDetails> {
  checkOptions('startJobBuildAndWait', options, WAIT_OPTIONS);
  const started = await client.startJobBuild(params, body, { signal: options.signal });
  options.onStarted?.(started);
  const start = operations.find((op) => op.id === 'startJobBuild');
  const scrub = createScrubber(() => secretsOf(start, body));
  return poll(client, { ...params, buildId: started.id }, options, scrub, true);
}
