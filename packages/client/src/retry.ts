// When to send a request again, and how long to wait first.
//
// Every accepted POST starts a build and the API has no idempotency keys, so the default
// policy only re-sends a POST when the server cannot have started a build: after a 429, and
// after a connection that failed before the request left (refused, DNS). Timeouts, connections
// lost after sending and 5xx responses are ambiguous; they are retried only when opted in.
// Reading (GET) and aborting (DELETE) a build are idempotent: the transport retries their
// timeouts, lost connections and 5xx responses too (see transport.ts).

import { ConnectionError, type StartJobBuildError, TimeoutError } from './errors.js';
import { serverRequestedDelayMs } from './rate-limit.js';

/**
 * Fine-tuning of the retry policy. Every field is optional. The three opt-ins concern
 * start-build requests: reading and aborting a build are always retried after a timeout, a
 * lost connection or a 5xx (within `maxRetries`), since repeating them is harmless.
 */
export interface RetryOptions {
  /**
   * Also retry when no response arrived within `timeoutMs`. The server may have started a
   * build, so a retry can start a second one. Default false.
   */
  onTimeout?: boolean;
  /**
   * Also retry when the connection broke after the request may have been sent (reset,
   * closed by the server). A retry can start a second build. Default false.
   */
  onConnectionLost?: boolean;
  /** Also retry after a 5xx response. The build may have started. Default false. */
  on5xx?: boolean;
  /** The first backoff delay; each further retry doubles it. Default 500 ms. */
  initialDelayMs?: number;
  /** The longest backoff delay. Default 8000 ms. */
  maxDelayMs?: number;
  /**
   * The longest wait a 429's `Retry-After` or `x-ratelimit-reset` may ask for. When the server
   * asks for more, the RateLimitError is thrown at once (with `retryAfterMs`) instead of
   * sleeping for it. Default 60000 ms.
   */
  maxRetryAfterMs?: number;
}

/** Exponential backoff with "equal jitter": between half and all of the capped delay. */
export function backoffDelayMs(retryNumber: number, options: RetryOptions): number {
  const capped = Math.min(
    options.maxDelayMs ?? 8000,
    (options.initialDelayMs ?? 500) * 2 ** (retryNumber - 1),
  );
  return (capped * (1 + Math.random())) / 2;
}

/**
 * How long to wait before retrying after `outcome` (a response, or the error of a failed
 * attempt), or undefined when it must not be retried. `retryNumber` counts from 1.
 */
export function retryDelayMs(
  outcome: Response | StartJobBuildError,
  retryNumber: number,
  options: RetryOptions,
): number | undefined {
  let retry: boolean | undefined;
  if (outcome instanceof Response) {
    const requested = outcome.status === 429 ? serverRequestedDelayMs(outcome.headers) : undefined;
    if (requested !== undefined) {
      if (requested > (options.maxRetryAfterMs ?? 60_000)) return undefined;
      // A little jitter on top of the server's wait, so that many clients do not return at once.
      return requested + Math.random() * Math.min(1000, requested / 10);
    }
    retry = outcome.status === 429 || (outcome.status > 499 && options.on5xx);
  } else {
    // Safe when no build can have started (nothing sent, or not a start-build request);
    // otherwise only when opted in. TimeoutError is a ConnectionError: test it first.
    retry =
      outcome instanceof ConnectionError &&
      (!outcome.buildMayHaveStarted ||
        (outcome instanceof TimeoutError ? options.onTimeout : options.onConnectionLost));
  }
  return retry ? backoffDelayMs(retryNumber, options) : undefined;
}
