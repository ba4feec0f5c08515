// The fetch function that openapi-fetch calls. It adds the credentials and user agent, runs
// each attempt under its own timeout, re-sends only when the retry policy allows, logs one
// line per attempt, and turns network failures into this package's errors.

import type { ClientOptions } from './client.js';
import {
  AbortError,
  ConnectionError,
  MissingTokenError,
  StartJobBuildError,
  TimeoutError,
} from './errors.js';
import type { AttemptLog } from './logging.js';
import { createScrubber, redactHeaders, type Scrubber, secretsOfBody } from './redaction.js';
import { type RetryOptions, retryDelayMs } from './retry.js';
import { userAgentFor } from './version.js';

/** Options that apply to one call, overriding the client's. */
export interface RequestOptions {
  /** Aborts the call, including a wait between retries. */
  signal?: AbortSignal;
  /** How long each attempt may take, response body included. `Infinity` disables the limit. */
  timeoutMs?: number;
  /** How many times a failed attempt may be re-sent (when the retry policy allows it). */
  maxRetries?: number;
  /** Changes to the retry policy for this call. */
  retry?: RetryOptions | undefined;
  /**
   * Called with the HTTP response the call's result (or error) was read from, for example to read
   * `x-ratelimit-remaining` or `x-request-id`. Its body has already been read.
   */
  onResponse?: ((response: Response) => void) | undefined;
}

type LowLevelError = { code?: unknown; message?: unknown; errors?: LowLevelError[]; cause?: LowLevelError };

/**
 * Codes of failures that happen before any byte of the request is sent: connection refused,
 * DNS, unreachable host or network, connect timeout. Node (undici) puts them on the error's
 * `cause`, Bun on the error itself.
 */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|E(HOST|NET)UNREACH|UND_ERR_CONNECT_TIMEOUT)$/;
/** Deno gives no code, but names the phase that failed: "client error (Connect)" comes before sending. */
const NOT_SENT_DENO = /: client error \(Connect\)/;

function connectionError(error: unknown, origin: string, scrub: Scrubber, startsBuild: boolean) {
  // undici reports `TypeError: fetch failed` with the socket or DNS error as its cause.
  const cause = ((error as LowLevelError)?.cause ?? error) as LowLevelError;
  const rawCode = cause?.code ?? cause?.errors?.[0]?.code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  // Keep only a scrubbed copy of the low-level message, never the low-level error itself.
  const safeCause = new Error(scrub(String(cause?.message ?? error)));
  // Any other failure (a browser's `TypeError: Failed to fetch`, workerd's "Network connection
  // lost.", which it also reports for a refused connection) may have come after sending.
  const sent = !NOT_SENT.test(code as string) && !NOT_SENT_DENO.test(safeCause.message);
  const why = code ?? safeCause.message;
  return new ConnectionError(
    sent
      ? `Connection to ${origin} failed (${why})${startsBuild ? '; the build may or may not have started' : ''}.`
      : `Could not connect to ${origin} (${why}); nothing was sent.`,
    code,
    sent && startsBuild,
    safeCause,
  );
}

/**
 * `promise`, or a rejection as soon as `signal` aborts. A fetch is given the signal too, but an
 * injected one that ignores it must not outlive the timeout or the caller's abort.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop);
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** `value`, or a TypeError naming the option when it is not a number of at least `min`. */
export function atLeast(name: string, value: number, min: number): number {
  if (!(value >= min)) throw new TypeError(`${name} must be a number >= ${min}`);
  return value;
}

/**
 * What the client's own calls (startJobBuild, getJobBuild, abortJobBuild) share with the transport
 * when no middleware can see their Request or Response. `body` is the JSON body, which each
 * attempt sends: openapi-fetch's Request only has its content type (building the stream of a
 * Request's body costs about as much as the rest of the Request). `text` is set to the body of
 * a 2xx response, read under the attempt's timeout, instead of wrapping it in a new Response for
 * openapi-fetch to read again.
 */
export interface OwnCall {
  body?: string | undefined;
  text?: string;
}

/**
 * Final responses of start-build calls in which an earlier attempt may have started a build
 * (only opt-in retries follow such an attempt): their error says so.
 */
export const startedBefore: WeakSet<Response> = new WeakSet();

/** A request body (JSON text, or bytes of it) parsed, or undefined when it is not JSON. */
function jsonOf(body: string | ArrayBuffer | null | undefined): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body as ArrayBuffer));
  } catch {}
}

/**
 * The client's fetch function: `options` are createClient's, checked here at creation. Besides
 * the Request, the client's own calls pass their options, their OwnCall and a scrubber that knows
 * the secrets of their body; for other requests (client.raw) the body is read for its secrets.
 */
export function createTransport(options: ClientOptions, token: string | undefined, envError?: unknown) {
  const defaultTimeoutMs = atLeast('timeoutMs', options.timeoutMs ?? 30_000, 1);
  // Safe retries only (see retry.ts), so a few are harmless.
  const defaultMaxRetries = atLeast('maxRetries', options.maxRetries ?? 2, 0);
  const userAgent = userAgentFor(options.userAgent);
  try {
    new Headers({ 'user-agent': userAgent });
  } catch {
    throw new TypeError('userAgent is not a valid HTTP header value');
  }

  return async function send(
    request: Request,
    call: RequestOptions = {},
    own?: OwnCall,
    callScrub?: Scrubber,
  ): Promise<Response> {
    // A per-call value is checked like createClient's (NaN would disable the timeout).
    const timeoutMs = atLeast('timeoutMs', call.timeoutMs ?? defaultTimeoutMs, 1);
    const maxAttempts = atLeast('maxRetries', call.maxRetries ?? defaultMaxRetries, 0) + 1;
    const { signal, method } = request;
    // Only a POST can start a build. Other requests (reading or aborting a build) are safe to
    // repeat: their failures never count as `buildMayHaveStarted`, so lost connections and
    // timeouts are retried, and so is a 5xx.
    const startsBuild = method === 'POST';
    const retry = { ...options.retry, ...call.retry, ...(!startsBuild && { on5xx: true }) };
    const url = new URL(request.url);

    const headers = new Headers(request.headers);
    if (!headers.has('authorization')) {
      if (!token) throw new MissingTokenError(envError);
      try {
        headers.set('authorization', `Bearer ${token}`);
      } catch {
        // The Headers error would quote the value, that is, the token.
        throw new StartJobBuildError('The API token contains characters not allowed in an HTTP header.');
      }
    }
    headers.set('user-agent', userAgent);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    // Each attempt sends the body again (a Request's own can be read only once).
    const body = own ? own.body : request.body && (await request.arrayBuffer());
    const scrub = callScrub ?? createScrubber(() => [token, ...secretsOfBody(jsonOf(body))]);
    // Whether an earlier attempt may have started a build (only opt-in retries follow one).
    let mayHaveStarted = false;

    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new AbortError(signal.reason, mayHaveStarted);
      // Aborted by the caller's signal or by the timeout; which one is told apart afterwards.
      const controller = new AbortController();
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort);
      // setTimeout fires at once for delays above 2^31-1 ms, so longer limits mean none.
      const timer = timeoutMs < 2 ** 31 ? setTimeout(abort, timeoutMs) : undefined;
      const started = Date.now();
      let outcome: Response | StartJobBuildError;
      try {
        // The global fetch is looked up per attempt (so one installed later is used) and, like a
        // custom one, called unbound, as browsers require. It is given the Request and what
        // changes: `fetch(request, init)` builds one Request, while `fetch(new Request(request,
        // init))` builds two and (in undici) pipes the body of the first through a TransformStream
        // into the second, which costs more than the rest of the call.
        const init = { headers, body, signal: controller.signal };
        // The global fetch honours the signal, body included; an injected one is held to it.
        const guard = <T>(pending: Promise<T>) =>
          options.fetch ? untilAborted(pending, controller.signal) : pending;
        const response = await guard(
          options.fetch ? options.fetch(new Request(request, init)) : fetch(request, init),
        );
        // Read the body under the same timer, so that a stalled body cannot hang the call.
        // openapi-fetch reads it again, except for the 2xx of our own calls (see OwnCall).
        if (own && response.ok) {
          own.text = await guard(response.text());
          outcome = response;
        } else {
          const bytes = await guard(response.arrayBuffer());
          outcome = new Response(bytes.byteLength ? bytes : null, response);
        }
      } catch (error) {
        outcome = signal.aborted
          ? new AbortError(signal.reason, startsBuild)
          : controller.signal.aborted
            ? new TimeoutError(timeoutMs, startsBuild)
            : connectionError(error, url.origin, scrub, startsBuild);
      }
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);

      // The log entry, with its redacted copy of the headers, only for a logger. A logger that
      // throws must not turn a started build into an error (the caller might start another).
      if (options.logger) {
        try {
          const entry: AttemptLog = {
            method,
            path: url.pathname,
            status:
              outcome instanceof Response
                ? outcome.status
                : ((outcome as ConnectionError).code ?? outcome.name),
            durationMs: Date.now() - started,
            attempt,
            maxAttempts,
            headers: redactHeaders(headers, scrub),
          };
          options.logger.debug(
            `${method} ${entry.path} ${entry.status} ${entry.durationMs}ms attempt ${attempt}/${maxAttempts}`,
            entry,
          );
        } catch {}
      }

      const delay = attempt < maxAttempts ? retryDelayMs(outcome, attempt, retry) : undefined;
      // No retry, or a wait longer than timers allow (2^31-1 ms, with maxRetryAfterMs: Infinity).
      if (delay === undefined || delay >= 2 ** 31) {
        if (outcome instanceof Response) {
          if (mayHaveStarted) startedBefore.add(outcome);
          return outcome;
        }
        if (mayHaveStarted && outcome instanceof ConnectionError && !outcome.buildMayHaveStarted) {
          (outcome as { buildMayHaveStarted: boolean }).buildMayHaveStarted = true;
          outcome.message += ' An earlier attempt may have started the build.';
        }
        throw outcome;
      }
      mayHaveStarted ||=
        outcome instanceof Response
          ? startsBuild && outcome.status > 499
          : (outcome as ConnectionError).buildMayHaveStarted === true;
      // Wait, but wake up as soon as the caller aborts: the next turn of the loop then throws.
      if (!signal.aborted) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(waitTimer);
            signal.removeEventListener('abort', wake);
            resolve();
          };
          const waitTimer = setTimeout(wake, delay);
          signal.addEventListener('abort', wake);
        });
      }
    }
  };
}
