// The fetch function openapi-fetch calls, for the client's own calls and `client.raw` alike.
// Each attempt runs under its own timeout, which also covers reading the (capped) body;
// redirects are never followed; one line is logged per attempt. It alone decides whether an
// attempt may have started a build, and it re-sends a request only when that is harmless:
// any request after a 429 or when it never left the machine, and an idempotent one (per the
// spec: GET, DELETE, or `x-idempotent: true`) also after a timeout, a lost connection or a 5xx.

import { AbortError, ConnectionError, errorClassFor, TimeoutError } from './errors.js';
import type { Operation } from './generated/operations.js';
import type { ClientOptions, RequestOptions } from './options.js';
import { serverRequestedDelayMs } from './rate-limit.js';
import { createScrubber, REDACTED, type Scrubber, scrubDeep, scrubHeaders, secretsOf } from './redaction.js';

type LowLevelError = { code?: unknown; message?: unknown; errors?: LowLevelError[]; cause?: LowLevelError };

/**
 * Failures before any byte of the request left: refused, DNS, unreachable, connect timeout.
 * Node (undici) puts the code on the error's `cause`, Bun on the error itself; Deno names the
 * phase ("client error (Connect)"). Anything else (a browser's "Failed to fetch", workerd's
 * "Network connection lost.", which it also says for a refused connection) may have come later.
 */
const NOT_SENT =
  /^(ECONNREFUSED|ConnectionRefused|ENOTFOUND|EAI_AGAIN|E(HOST|NET)UNREACH|UND_ERR_CONNECT_TIMEOUT)$/;
/** What a request does (the spec's `x-effect`), as `[what, happened]`. */
const effectOf = (op?: Operation) => op?.effect ?? ['the request', 'taken effect'];
/** "the build may or may not have started", for an operation that is not re-sent. */
const uncertain = (op?: Operation) => `${effectOf(op)[0]} may or may not have ${effectOf(op)[1]}`;

function connectionError(
  error: unknown,
  origin: string,
  scrub: Scrubber,
  startsBuild: boolean,
  op?: Operation,
) {
  const cause = ((error as LowLevelError)?.cause ?? error) as LowLevelError;
  const rawCode = cause?.code ?? cause?.errors?.[0]?.code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  // Only a scrubbed copy of the low-level message is kept, never the low-level error.
  const safeCause = new Error(scrub(String(cause?.message ?? error)));
  const sent =
    !NOT_SENT.test(code as string) && !/: client error \(Connect\)|^bad port$/.test(safeCause.message);
  const why = `${origin} (${code ?? safeCause.message})`;
  const message = sent
    ? `Connection to ${why} failed${startsBuild ? `; ${uncertain(op)}` : ''}.`
    : `Could not connect to ${why}; nothing was sent.`;
  return new ConnectionError(message, code, sent && startsBuild, safeCause);
}

/** What the caller can do about an error status, from the spec and the call. */
function hint(status: number, op: Operation | undefined, sent: Record<string, unknown>, advice?: string) {
  if (status === 403)
    return `The token's role probably lacks the permission this operation needs${op?.permission ? `: ${op.permission}` : ''}.`;
  if (status === 404) {
    const ids = (op?.pathParams ?? []).map((name) => `${name} ${JSON.stringify(sent[name]) ?? 'undefined'}`);
    return ids.length ? `Nothing found for ${ids.join(', ')}.` : '';
  }
  return status === 401 || status === 429 ? (advice ?? '') : '';
}

/**
 * The error for a response that is not the expected result. `body` is parsed JSON, the raw
 * text when it was not JSON, or undefined; `why` replaces the excerpt (a refused redirect, an
 * oversized body). Only parsed data and scrubbed text reach the error.
 */
export function errorFromResponse(
  response: Response,
  body: unknown,
  scrub: Scrubber,
  op?: Operation,
  why?: string,
  sent: Record<string, unknown> = {},
  advice?: string,
) {
  const { status, statusText, headers } = response;
  const envelope = (body as { error?: Record<string, unknown> } | null)?.error;
  let message = why ?? (scrub(statusText) || 'no response body');
  let details: unknown;
  if (!why && typeof envelope?.message === 'string') {
    message = scrub(envelope.message);
    details = scrubDeep(envelope.details, scrub);
  } else if (!why && body !== undefined && body !== '') {
    // A proxy's HTML page, plain text, other JSON: a short, single-line, tag-free excerpt,
    // scrubbed before it is cut (a cut could split a secret) and cut before a pattern runs.
    const text = typeof body === 'string' ? scrub(body) : JSON.stringify(scrubDeep(body, scrub));
    const cut = text.slice(0, 2000);
    // Tags are dropped after scrubbing, so a secret split by markup (`hun<b>ter2</b>`) is
    // checked once more as it reads without the tags.
    const joined = scrub(cut.replace(/<[^<>]*>/g, ''));
    const flat = (joined === cut.replace(/<[^<>]*>/g, '') ? cut.replace(/<[^<>]*>/g, ' ') : joined)
      .replace(/\s+/g, ' ')
      .trim();
    details = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
    message += `: ${details}`;
  }
  if (response.ok && !why) message += ' (not the expected data)';
  // A start-build request that was not refused outright (4xx) may have started a build; one the
  // API itself accepted (a 2xx it did not follow elsewhere) most likely did, so do not send it again.
  if (op && !op.idempotent && (status < 400 || status > 499)) {
    const [what, happened] = effectOf(op);
    message +=
      response.ok && !response.redirected
        ? `; the API accepted the request, so ${what} has most likely ${happened}`
        : `; ${uncertain(op)}`;
  }
  const said = scrub(hint(status, op, sent, advice));
  const id = typeof envelope?.id === 'string' ? scrub(envelope.id) : undefined;
  const full = `${status} ${message}${said && `. ${said}`}`;
  return new (errorClassFor(status))(status, full, scrubHeaders(headers, scrub), id, details);
}

/** `promise`, or the signal's reason as soon as it aborts: an injected fetch or body may ignore the signal. */
export function until<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop);
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.min(ms, 2 ** 31 - 1));
  });
  const stop = () => clearTimeout(timer);
  return until(done, signal).then(stop, stop);
}

/** The body, read under `signal`; throws `max` past `max` bytes (after decompression). */
async function readCapped(response: Response, max: number, signal: AbortSignal): Promise<Blob | null> {
  const reader = response.body?.getReader();
  const chunks: BlobPart[] = [];
  let size = 0;
  try {
    if (reader && Number(response.headers.get('content-length')) > max) throw max;
    for (;;) {
      const read = reader ? await until(reader.read(), signal) : { done: true as const };
      if (read.done) break;
      size += read.value.byteLength;
      if (size > max) throw max;
      chunks.push(read.value);
    }
  } catch (error) {
    reader?.cancel().catch(() => {});
    throw error;
  }
  return size ? new Blob(chunks) : null;
}

/** Why a redirect was not followed, naming only where it pointed (the origin). */
function refusedRedirect(response: Response, origin: string) {
  // A fetch that followed a redirect itself reports where it ended up in `url`.
  const location = response.redirected ? response.url : response.headers.get('location');
  let to = 'an unknown place';
  try {
    to = location ? new URL(location, origin).origin : to;
  } catch {}
  return response.redirected
    ? `the fetch function followed a redirect to ${to}; the request may have been sent there`
    : `redirect to ${to} refused (redirects are never followed); nothing was sent there`;
}

/** The retry delays of a client and a call, each unset one at its default. */
export function retryDelays(options: ClientOptions, call: RequestOptions = {}) {
  const pick = (name: 'initialDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs', fallback: number) =>
    call.retry?.[name] ?? options.retry?.[name] ?? fallback;
  return {
    initial: pick('initialDelayMs', 500),
    max: pick('maxDelayMs', 8000),
    maxRetryAfter: pick('maxRetryAfterMs', 60_000),
  };
}

/**
 * The client's fetch. `match` finds the operation of a `client.raw` request; the client's own
 * calls pass their operation, options and scrubber.
 */
export function createFetch(
  options: ClientOptions,
  token: unknown,
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
    const delays = retryDelays(options, call);
    const { signal, method } = request;
    const startsBuild = op ? !op.idempotent : !/^(GET|HEAD|OPTIONS|PUT|DELETE|TRACE)$/.test(method);
    const { origin, pathname } = new URL(request.url);
    // Each attempt sends the body again: a Request's own stream can be read only once.
    const body = request.body && (await request.arrayBuffer());
    const safe =
      scrub ?? createScrubber(() => [token, ...secretsOf(op, new TextDecoder().decode(body ?? undefined))]);

    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new AbortError(signal.reason);
      const controller = new AbortController();
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort);
      // setTimeout fires at once above 2^31-1 ms, so longer limits mean none.
      const timer = timeoutMs < 2 ** 31 ? setTimeout(abort, timeoutMs) : undefined;
      const started = Date.now();
      let outcome: Response | Error;
      let redirected = false;
      try {
        const init = { body, signal: controller.signal, redirect: 'manual' as const };
        // An injected fetch takes one Request; the global one the Request and what changes.
        const pending = options.fetch ? options.fetch(new Request(request, init)) : fetch(request, init);
        const response = await until(pending, controller.signal);
        // Never followed: a redirect would send the request, token and secrets included, elsewhere.
        redirected =
          response.type === 'opaqueredirect' || response.redirected || `${response.status}`[0] === '3';
        let why = redirected ? refusedRedirect(response, origin) : undefined;
        if (why) response.body?.cancel().catch(() => {});
        const bytes = why
          ? null
          : await readCapped(response, maxBytes, controller.signal).catch((error) => {
              if (error !== maxBytes) throw error;
              why = `response body larger than maxResponseBytes (${maxBytes} bytes)`;
            });
        outcome = why
          ? errorFromResponse(response, undefined, safe, op, why)
          : new Response(bytes ?? null, response);
      } catch (error) {
        outcome = signal.aborted
          ? new AbortError(signal.reason, startsBuild, uncertain(op))
          : controller.signal.aborted
            ? new TimeoutError(timeoutMs, startsBuild, uncertain(op))
            : connectionError(error, origin, safe, startsBuild, op);
      }
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      const { status, headers } = outcome as { status?: number; headers?: Headers };
      const shown = status || (outcome as ConnectionError).code || (outcome as Error).name;
      if (options.logger) {
        // A logger that throws must not turn a started build into an error.
        try {
          const durationMs = Date.now() - started;
          const logged = scrubHeaders(request.headers, safe);
          for (const name of ['authorization', 'cookie', 'proxy-authorization'])
            if (logged.has(name)) logged.set(name, REDACTED);
          const line = `${method} ${pathname} ${shown} ${durationMs}ms attempt ${attempt}/${maxAttempts}`;
          options.logger.debug(line, {
            ...{ method, path: pathname, status: shown, durationMs, attempt, maxAttempts },
            headers: Object.fromEntries(logged),
          });
        } catch {}
      }

      const retryAfter = status === 429 && headers ? serverRequestedDelayMs(headers) : undefined;
      // An error built from a response is re-sent only when its body was too large: never after
      // a redirect, which an injected fetch may have followed to another origin.
      const repeatable = outcome instanceof Response || (!redirected && status !== undefined);
      const safeToRepeat =
        (repeatable && status === 429) ||
        (repeatable && (status as number) > 499 && !startsBuild) ||
        (outcome instanceof ConnectionError && !outcome.buildMayHaveStarted);
      const tooLong = (retryAfter ?? 0) > Math.min(delays.maxRetryAfter, 2 ** 31 - 1);
      if (attempt === maxAttempts || !safeToRepeat || tooLong) {
        if (outcome instanceof Response) return outcome;
        throw outcome;
      }
      // The server's wait with a little jitter (so that many clients do not return at once), or
      // exponential backoff with "equal jitter": between half and all of the capped delay.
      const jitter = Math.random();
      const backoff = Math.min(delays.max, delays.initial * 2 ** (attempt - 1)) / 2;
      await sleep(
        retryAfter === undefined
          ? backoff * (1 + jitter)
          : retryAfter + jitter * Math.min(1000, retryAfter / 10),
        signal,
      );
    }
  };
}
