// Reading what a response says about the rate limit: how long to wait, and the budget left.

/** The rate-limit headers of a response, as numbers (undefined when absent). */
export interface RateLimitInfo {
  limit: number | undefined;
  remaining: number | undefined;
  /** Seconds until the allowance resets, as sent in `x-ratelimit-reset`. */
  reset: number | undefined;
}

const SECONDS = /^\d+(\.\d+)?$/;

function secondsHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  return value && SECONDS.test(value) ? +value : undefined;
}

export function rateLimitInfo(headers: Headers): RateLimitInfo {
  return {
    limit: secondsHeader(headers, 'x-ratelimit-limit'),
    remaining: secondsHeader(headers, 'x-ratelimit-remaining'),
    reset: secondsHeader(headers, 'x-ratelimit-reset'),
  };
}

/**
 * The wait a response asks for, in ms: `Retry-After` (seconds or an HTTP date), else
 * `x-ratelimit-reset` (seconds until the window resets; a value that can only be a Unix time
 * is read as one). Undefined when neither header is usable.
 */
export function serverRequestedDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (SECONDS.test(retryAfter)) return +retryAfter * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = secondsHeader(headers, 'x-ratelimit-reset');
  if (reset === undefined) return undefined;
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}
