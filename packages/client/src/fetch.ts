// The fetch function openapi-fetch calls, for the client's own calls and `client.raw` alike.
// Each attempt runs under its own timeout, which also covers reading the (capped) body;
// redirects are never followed; one line is logged per attempt. It alone decides whether an
// attempt may have started a build, and it re-sends a request only when that is harmless:
// any request after a 429 or when it never left the machine, and an idempotent one (per the
// spec: GET, DELETE, or `x-idempotent: true`) also after a timeout, a lost connection or a 5xx.

import {
  AbortError,
  type ApiError,
  ConnectionError,
  errorFromResponse,
  type StartJobBuildError,
  TimeoutError,
} from './errors.js';
import type { Operation } from './generated/operations.js';
import type { ClientOptions, RequestOptions } from './options.js';
import { serverRequestedDelayMs } from './rate-limit.js';
import { createScrubber, redactHeaders, type Scrubber, secretsOf } from './redaction.js';

type LowLevelError = { code?: unknown; message?: unknown; errors?: LowLevelError[]; cause?: LowLevelError };

/**
 * Failures before any byte of the request left: refused, DNS, unreachable, connect timeout.
 * Node (undici) puts the code on the error's `cause`, Bun on the error itself; Deno names the
 * phase instead. Anything else (a browser's "Failed to fetch", workerd's "Network connection
 * lost.", which it also reports for a refused connection) may have come after sending.
 */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|E(HOST|NET)UNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

function connectionError(error: unknown, origin: string, scrub: Scrubber, startsBuild: boolean) {
  const cause = ((error as LowLevelError)?.cause ?? error) as LowLevelError;
  const rawCode = cause?.code ?? cause?.errors?.[0]?.code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  // Only a scrubbed copy of the low-level message is kept, never the low-level error.
  const safeCause = new Error(scrub(String(cause?.message ?? error)));
  const sent = !NOT_SENT.test(code as string) && !/: client error \(Connect\)/.test(safeCause.message);
  const message = sent
    ? `Connection to ${origin} failed (${code ?? safeCause.message})${startsBuild ? '; the build may or may not have started' : ''}.`
    : `Could not connect to ${origin} (${code ?? safeCause.message}); nothing was sent.`;
  return new ConnectionError(message, code, sent && startsBuild, safeCause);
}

/** `promise`, or the signal's reason as soon as it aborts: an injected fetch or body may ignore the signal. */
function until<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop);
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, signal.aborted ? 0 : Math.min(ms, 2 ** 31 - 1));
    signal.addEventListener('abort', wake);
  });
}

/** The body, read under `signal`; throws `max` past `max` bytes (after decompression). */
async function readCapped(response: Response, max: number, signal: AbortSignal): Promise<Blob | null> {
  if (Number(response.headers.get('content-length')) > max) throw max;
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: BlobPart[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await until(reader.read(), signal);
      if (done) return size ? new Blob(chunks) : null;
      size += value.byteLength;
      if (size > max) throw max;
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}

/**
 * The client's fetch. `match` finds the operation of a `client.raw` request; the client's own
 * calls pass their operation, options and scrubber.
 */
export function createFetch(
  options: ClientOptions,
  token: string | undefined,
  match: (r: Request) => Operation | undefined,
) {
  return async function send(
    request: Request,
    op = match(request),
    call: RequestOptions = {},
    scrub?: Scrubber,
  ) {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? 30_000;
    const maxAttempts = (call.maxRetries ?? options.maxRetries ?? 2) + 1;
    const maxBytes = options.maxResponseBytes ?? 2 ** 20;
    const {
      maxDelayMs = 8000,
      initialDelayMs = 500,
      maxRetryAfterMs = 60_000,
    } = { ...options.retry, ...call.retry };
    const { signal, method } = request;
    const startsBuild = op ? !op.idempotent : !/^(GET|HEAD|OPTIONS|PUT|DELETE)$/.test(method);
    const url = new URL(request.url);
    // Each attempt sends the body again: a Request's own stream can be read only once.
    const body = request.body && (await request.arrayBuffer());
    const safe =
      scrub ??
      createScrubber(() => {
        try {
          return [token, ...secretsOf(op, JSON.parse(new TextDecoder().decode(body as ArrayBuffer)))];
        } catch {
          return [token];
        }
      });

    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new AbortError(signal.reason);
      const controller = new AbortController();
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort);
      // setTimeout fires at once above 2^31-1 ms, so longer limits mean none.
      const timer = timeoutMs < 2 ** 31 ? setTimeout(abort, timeoutMs) : undefined;
      const started = Date.now();
      let outcome: Response | StartJobBuildError;
      try {
        const init = { body, signal: controller.signal, redirect: 'manual' as const };
        const response = await until((options.fetch ?? fetch)(new Request(request, init)), controller.signal);
        let why: string | undefined;
        if (
          response.type === 'opaqueredirect' ||
          response.redirected ||
          (response.status > 299 && response.status < 400)
        ) {
          // A redirect would send the request, its token and secrets included, elsewhere.
          let to = 'an unknown location';
          try {
            to = new URL(response.headers.get('location') as string, url).origin;
          } catch {}
          why = `redirect to ${to} refused (redirects are never followed); nothing was sent there`;
        }
        const bytes = await (why
          ? Promise.resolve(null)
          : readCapped(response, maxBytes, controller.signal)
        ).catch((error) => {
          if (error !== maxBytes) throw error;
          why = `response body larger than maxResponseBytes (${maxBytes} bytes)`;
        });
        outcome = why
          ? errorFromResponse(response, undefined, safe, op, why)
          : new Response(bytes ?? null, response);
      } catch (error) {
        outcome = signal.aborted
          ? new AbortError(signal.reason, startsBuild)
          : controller.signal.aborted
            ? new TimeoutError(timeoutMs, startsBuild)
            : connectionError(error, url.origin, safe, startsBuild);
      }
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      const status = outcome instanceof ConnectionError ? 0 : (outcome as Response | ApiError).status;
      const shown =
        outcome instanceof ConnectionError
          ? (outcome.code ?? outcome.name)
          : status || (outcome as Error).name;
      const durationMs = Date.now() - started;
      try {
        // A logger that throws must not turn a started build into an error.
        const entry = {
          method,
          path: url.pathname,
          status: shown,
          durationMs,
          attempt,
          maxAttempts,
          headers: redactHeaders(request.headers, safe),
        };
        options.logger?.debug(
          `${method} ${url.pathname} ${shown} ${durationMs}ms attempt ${attempt}/${maxAttempts}`,
          entry,
        );
      } catch {}

      const retryAfter = status === 429 ? serverRequestedDelayMs((outcome as Response).headers) : undefined;
      const safeToRepeat =
        status === 429 ||
        (outcome instanceof Response && status > 499 && !startsBuild) ||
        (outcome instanceof ConnectionError && !outcome.buildMayHaveStarted);
      if (attempt === maxAttempts || !safeToRepeat || (retryAfter ?? 0) > maxRetryAfterMs) {
        if (outcome instanceof Response) return outcome;
        throw outcome;
      }
      // The server's wait with a little jitter (so that many clients do not return at once), or
      // exponential backoff with "equal jitter": between half and all of the capped delay.
      const backoff = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1)) / 2;
      await sleep(
        retryAfter === undefined
          ? backoff * (1 + Math.random())
          : retryAfter + Math.random() * Math.min(1000, retryAfter / 10),
        signal,
      );
    }
  };
}
