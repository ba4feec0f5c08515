// The options of the client, of one call and of the waits, and their checks: a wrong or
// unknown option is a TypeError at once, naming it, never quoting its value.

import type { Logger } from './logging.js';

/** When a request may be re-sent. The opt-ins only matter for operations that are not idempotent (starting a build). */
export interface RetryOptions {
  /** The first backoff delay; each further retry doubles it. Default 500 ms. */
  initialDelayMs?: number;
  /** The longest backoff delay. Default 8000 ms. */
  maxDelayMs?: number;
  /** The longest wait a 429 may ask for; when it asks for more, the RateLimitError is thrown at once. Default 60000 ms. */
  maxRetryAfterMs?: number;
}

export interface ClientOptions {
  /** A Northflank API token. Default: the NORTHFLANK_API_TOKEN environment variable, where there is one. */
  token?: string | undefined;
  /** An absolute http(s) URL without credentials, query or fragment. Default `https://api.northflank.com`. */
  baseUrl?: string;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** How long each attempt may take, reading the response body included. Default 30000 ms; `Infinity` disables it. */
  timeoutMs?: number;
  /** How many times a request may be re-sent when the retry policy allows it. Default 2. */
  maxRetries?: number;
  retry?: RetryOptions;
  /** The largest response body read, after decompression. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Your own product token, appended to this package's `User-Agent`. */
  userAgent?: string;
  /** Check parameters and request bodies against the spec before sending. Default true. */
  validateRequests?: boolean;
  /** Receives one debug line per attempt. Credentials are redacted and bodies are never logged. */
  logger?: Logger;
}

/** Options of one call, overriding the client's. */
export interface RequestOptions {
  /** Aborts the call, a wait between retries included. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  retry?: RetryOptions | undefined;
  /** Called with the response the result was read from (its body already read). Errors it throws are logged, not thrown. */
  onResponse?: ((response: Response) => void) | undefined;
}

const int = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const rule = (test: (v: unknown) => boolean, what: string) => ({ test, what });
const bool = rule((v) => typeof v === 'boolean', 'true or false');
const fn = rule((v) => typeof v === 'function', 'a function');
const count = rule(int, 'a finite integer >= 0');
const positive = rule((v) => int(v) && (v as number) > 0, 'a finite integer > 0');
const optionRules: Record<string, { test: (v: unknown) => boolean; what: string }> = {
  token: rule((v) => typeof v === 'string', 'a string'),
  baseUrl: rule(() => true, ''),
  fetch: fn,
  timeoutMs: rule(
    (v) => v === Number.POSITIVE_INFINITY || (typeof v === 'number' && v > 0 && v < 2 ** 53),
    'a positive number or Infinity',
  ),
  maxRetries: count,
  retry: rule((v) => typeof v === 'object' && v !== null, 'an object'),
  maxResponseBytes: positive,
  userAgent: rule((v) => typeof v === 'string', 'a string'),
  validateRequests: bool,
  logger: rule(
    (v) =>
      ['debug', 'info', 'warn', 'error'].every(
        (m) => typeof (v as Record<string, unknown> | null)?.[m] === 'function',
      ),
    'an object with debug, info, warn and error functions',
  ),
  signal: rule((v) => v instanceof AbortSignal, 'an AbortSignal'),
  onResponse: fn,
  initialDelayMs: count,
  maxDelayMs: count,
  maxRetryAfterMs: count,
  // The waits' options (wait.ts).
  pollIntervalMs: positive,
  maxPollIntervalMs: positive,
  maxConsecutiveFailures: count,
  onStatus: fn,
  onStarted: fn,
  throwOnFailure: bool,
  abortOnCancel: bool,
  abortOnTimeout: bool,
};

/** Throws a TypeError naming the first unknown or invalid option (never quoting its value). */
export function checkOptions(where: string, options: object, allowed: string): void {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${where}: options must be an object`);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const check = optionRules[name];
    if (!allowed.split(' ').includes(name) || !check)
      throw new TypeError(`${where}: unknown option \`${name}\``);
    if (!check.test(value)) throw new TypeError(`${where}: \`${name}\` must be ${check.what}`);
    if (name === 'retry') {
      checkOptions(`${where}: retry`, value, 'initialDelayMs maxDelayMs maxRetryAfterMs');
    }
  }
}
export const CLIENT_OPTIONS =
  'token baseUrl fetch timeoutMs maxRetries retry maxResponseBytes userAgent validateRequests logger';
export const CALL_OPTIONS = 'signal timeoutMs maxRetries retry onResponse';
