// Reading what a response says about the rate limit: how long to wait, and the budget left.

/** The rate-limit headers of a response, as numbers (undefined when absent). */
export interface RateLimitInfo {
  limit: number | undefined;
  remaining: number | undefined;
  /**
   * `x-ratelimit-reset` as sent: seconds until the allowance resets (a value above 1e9 is a
   * Unix time in seconds instead, which `retryAfterMs` converts).
   */
  reset: number | undefined;
}

/** A header holding a non-negative number of seconds, as a number. */
function secondsHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  return value && /^\d+(\.\d+)?$/.test(value) ? +value : undefined;
}

export function rateLimitInfo(headers: Headers): RateLimitInfo {
  const info: Record<string, number | undefined> = {};
  for (const name of ['limit', 'remaining', 'reset'])
    info[name] = secondsHeader(headers, `x-ratelimit-${name}`);
  return info as unknown as RateLimitInfo;
}

/**
 * The wait a response asks for, in ms: `Retry-After` (seconds or an HTTP date), else
 * `x-ratelimit-reset` (seconds until the window resets; a value that can only be a Unix time
 * is read as one). Undefined when neither header is usable.
 */
export function serverRequestedDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const seconds = secondsHeader(headers, 'retry-after');
  if (seconds !== undefined) return seconds * 1000;
  // An HTTP date starts with a day name; all three of its formats are in GMT, and the asctime
  // one does not say so. Date.parse alone would also take "-5" or "1,5" for a date.
  const value = headers.get('retry-after') ?? '';
  const date = /^[A-Z][a-z]{2}/.test(value)
    ? Date.parse(/ GMT$/.test(value) ? value : `${value} GMT`)
    : Number.NaN;
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  const reset = secondsHeader(headers, 'x-ratelimit-reset');
  return reset === undefined ? undefined : Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
}
