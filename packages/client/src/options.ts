// The options of the client, of one call and of the waits, and their checks: a wrong or
// unknown option is a TypeError at once, naming it, never quoting its value.

import type { Logger } from './logging.js';

/** How long to wait between attempts. Whether to re-send at all follows the spec (see fetch.ts). */
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
  /** How many times a request may be re-sent when that is safe (see RetryOptions). Default 2. */
  maxRetries?: number;
  retry?: RetryOptions;
  /** The largest response body read, after decompression. Default 1 MiB (1048576 bytes). */
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
  /** Called with the response the result was read from (its body already read). What it throws goes to `logger.warn`. */
  onResponse?: ((response: Response) => unknown) | undefined;
}

const int = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const fn = (v: unknown) => typeof v === 'function';
// Each rule: what a value must be, and the options it applies to.
const RULES: [string, (v: unknown) => boolean, string][] = [
  ['a string', (v) => typeof v === 'string', 'token userAgent baseUrl'],
  ['a function', fn, 'fetch onResponse onStatus onStarted'],
  [
    'true or false',
    (v) => typeof v === 'boolean',
    'validateRequests throwOnFailure abortOnCancel abortOnTimeout',
  ],
  [
    'a finite integer >= 0',
    int,
    'maxRetries initialDelayMs maxDelayMs maxRetryAfterMs maxConsecutiveFailures',
  ],
  ['a finite integer > 0', (v) => int(v) && v !== 0, 'maxResponseBytes pollIntervalMs maxPollIntervalMs'],
  // Timers cannot wait longer than 2^31-1 ms (about 24.8 days); a longer limit would silently be none.
  [
    'a positive number up to 2147483647, or Infinity',
    (v) => typeof v === 'number' && v > 0 && (v < 2 ** 31 || v === Number.POSITIVE_INFINITY),
    'timeoutMs',
  ],
  ['an object', (v) => typeof v === 'object' && v !== null, 'retry'],
  // By shape, not instanceof: a signal from another realm (an iframe, a test runner) works too.
  [
    'an AbortSignal',
    (v) => typeof (v as AbortSignal)?.aborted === 'boolean' && fn((v as AbortSignal).addEventListener),
    'signal',
  ],
  [
    'an object with debug, info, warn and error functions',
    (v) => ['debug', 'info', 'warn', 'error'].every((m) => fn((v as never)?.[m])),
    'logger',
  ],
];

export const CLIENT_OPTIONS =
  'token baseUrl fetch timeoutMs maxRetries retry maxResponseBytes userAgent validateRequests logger';
export const CALL_OPTIONS = 'signal timeoutMs maxRetries retry onResponse';

/**
 * A copy of the options' own enumerable values (each getter read once; nothing inherited),
 * after checking them: a TypeError names the first unknown or invalid option among `allowed`,
 * never quoting its value. An option set to `undefined` counts as not set.
 */
export function checkOptions<T extends object>(where: string, options: T, allowed: string): T {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${where}: options must be an object`);
  const copy: Record<string, unknown> = {};
  // An option inherited from a prototype (a class instance's getter, say) would be ignored: refuse it.
  for (const name of allowed.split(' ')) {
    if (name in options && !Object.hasOwn(options, name))
      throw new TypeError(
        `${where}: \`${name}\` must be an own property of the options (pass a plain object)`,
      );
  }
  for (const [name, value] of Object.entries(options)) {
    const rule =
      allowed.split(' ').includes(name) && RULES.find(([, , names]) => names.split(' ').includes(name));
    if (!rule) throw new TypeError(`${where}: unknown option \`${name}\``);
    if (value === undefined) continue;
    if (!rule[1](value)) throw new TypeError(`${where}: \`${name}\` must be ${rule[0]}`);
    copy[name] =
      name === 'retry'
        ? checkOptions(`${where}: retry`, value, 'initialDelayMs maxDelayMs maxRetryAfterMs')
        : value;
  }
  return copy as T;
}
