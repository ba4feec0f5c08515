// Everything the client throws. Errors never keep a Request, its headers or its body, and
// every text that came from the server is scrubbed before it is stored.

import type { JobBuildDetails } from '@start-job-build/types';
import type { Operation } from './generated/operations.js';
import { type RateLimitInfo, rateLimitInfo, serverRequestedDelayMs } from './rate-limit.js';
import { type Scrubber, scrubDeep } from './redaction.js';

export type { RateLimitInfo };

/** The base class of every error this package throws. */
export class StartJobBuildError extends Error {
  /** The name, the message and the error's own fields (never a cause or a stack). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/** No API token was configured; nothing was sent. `cause` says why reading the environment failed. */
export class MissingTokenError extends StartJobBuildError {
  constructor(envError?: unknown) {
    super(
      `No API token: pass \`token\` to createClient() or set NORTHFLANK_API_TOKEN${envError ? ` (reading it failed: ${(envError as Error).message})` : ''}. Nothing was sent.`,
      envError ? { cause: envError } : undefined,
    );
  }
}

/**
 * The API answered, but not with the expected result: a status other than 2xx (a redirect
 * included, which is never followed), a 2xx without the expected `data`, or a body larger
 * than `maxResponseBytes`.
 */
export class ApiError extends StartJobBuildError {
  /** The HTTP status code. */
  readonly status: number;
  /** The error id from Northflank's error envelope, when present. */
  readonly id: string | undefined;
  /** The envelope's `details`, or a short excerpt of a body that was not the envelope. */
  readonly details: unknown;
  /** The response headers (scrubbed). */
  readonly headers: Headers;
  /** The `x-request-id` response header, when present. */
  readonly requestId: string | undefined;

  constructor(status: number, message: string, headers: Headers, id?: string, details?: unknown) {
    super(message);
    this.status = status;
    this.id = id;
    this.details = details;
    this.headers = headers;
    this.requestId = headers.get('x-request-id') ?? undefined;
  }
}

/** 400: the server rejected the request as malformed. */
export class BadRequestError extends ApiError {}
/** 401: the token is missing, invalid or revoked. */
export class AuthenticationError extends ApiError {}
/** 403: the token's role lacks the permission this operation needs. */
export class PermissionDeniedError extends ApiError {}
/** 404: the project, job or build does not exist, or the token cannot see it. */
export class NotFoundError extends ApiError {}
/** 409: the job or build is not in a state that allows this operation. */
export class ConflictError extends ApiError {}

/** 429: the token used up its request allowance. This request started no build. */
export class RateLimitError extends ApiError {
  /** The `x-ratelimit-*` headers of the response. */
  readonly rateLimit: RateLimitInfo;
  /** How long the server asked to wait (`Retry-After`, else `x-ratelimit-reset`), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(...args: ConstructorParameters<typeof ApiError>) {
    super(...args);
    this.rateLimit = rateLimitInfo(this.headers);
    this.retryAfterMs = serverRequestedDelayMs(this.headers);
  }
}

/** 500 and above: the server failed. After a start-build request the build may or may not exist. */
export class InternalServerError extends ApiError {}

/**
 * No response arrived because the connection failed. `buildMayHaveStarted` is false when the
 * request cannot have reached the server (refused, DNS) and always false for operations that
 * start nothing; true when a start-build request may have arrived.
 */
export class ConnectionError extends StartJobBuildError {
  /** The low-level error code, such as `ECONNREFUSED` or `UND_ERR_SOCKET`, when known. */
  readonly code: string | undefined;
  /** Whether a start-build request may have reached the server (and so started a build). */
  readonly buildMayHaveStarted: boolean;

  constructor(message: string, code: string | undefined, buildMayHaveStarted: boolean, cause?: Error) {
    super(message, cause && { cause });
    this.code = code;
    this.buildMayHaveStarted = buildMayHaveStarted;
  }
}

/** No complete response (body included) arrived within `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  constructor(timeoutMs: number, buildMayHaveStarted: boolean) {
    super(`No response within ${timeoutMs} ms${maybe(buildMayHaveStarted)}.`, 'timeout', buildMayHaveStarted);
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class AbortError extends StartJobBuildError {
  /** Whether a start-build request may have reached the server before the abort. */
  readonly buildMayHaveStarted: boolean;

  constructor(reason: unknown, buildMayHaveStarted = false) {
    super(`The request was aborted${maybe(buildMayHaveStarted)}.`, { cause: reason });
    this.buildMayHaveStarted = buildMayHaveStarted;
  }
}

/** One problem found by client-side validation. */
export interface ValidationIssue {
  /** Where: the JSON request body, or a path or query parameter. */
  in: 'body' | 'path' | 'query';
  /** A JSON pointer into the body (`/overrides/docker/dockerFilePath`), or `/<name>` for a parameter. */
  pointer: string;
  /** The broken constraint, e.g. `must match pattern "^[a-zA-Z0-9-_]+$"`. Never contains the value. */
  message: string;
  /** The JSON Schema keyword that failed (`pattern`, `minLength`, `additionalProperties`, ...). */
  keyword: string;
  /** The keyword's parameters (the pattern, the limit, the unknown property's name...). */
  params: Record<string, unknown>;
}

/** The request was refused before anything was sent: its parameters or body break the spec. */
export class ValidationError extends StartJobBuildError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(
      `Invalid request, nothing was sent:${issues
        .map((i) => `\n  ${i.in === 'body' ? '' : `${i.in} parameter `}${i.pointer || '(body)'} ${i.message}`)
        .join('')}`,
    );
    this.issues = issues;
  }
}

// Class names do not survive minification, so each class gets its `name` here.
for (const [ErrorClass, name] of [
  [StartJobBuildError, 'StartJobBuild'],
  [MissingTokenError, 'MissingToken'],
  [ApiError, 'Api'],
  [BadRequestError, 'BadRequest'],
  [AuthenticationError, 'Authentication'],
  [PermissionDeniedError, 'PermissionDenied'],
  [NotFoundError, 'NotFound'],
  [ConflictError, 'Conflict'],
  [RateLimitError, 'RateLimit'],
  [InternalServerError, 'InternalServer'],
  [ConnectionError, 'Connection'],
  [TimeoutError, 'Timeout'],
  [AbortError, 'Abort'],
  [ValidationError, 'Validation'],
] as const) {
  ErrorClass.prototype.name = `${name}Error`;
}

const maybe = (may: boolean | undefined) => (may ? '; the build may or may not have started' : '');

const errorClasses: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/**
 * The error for a response that is not the expected result. `body` is parsed JSON, or the
 * raw text when it was not JSON (undefined when empty or unread); `why` replaces the excerpt
 * (a refused redirect, an oversized body).
 */
export function errorFromResponse(
  { status, statusText, headers }: Response,
  body: unknown,
  scrub: Scrubber,
  op: Operation | undefined,
  why?: string,
): ApiError {
  const envelope =
    typeof body === 'object' ? (body as { error?: Record<string, unknown> })?.error : undefined;
  let message = why ?? (scrub(statusText) || 'no response body');
  let id: string | undefined;
  let details: unknown;
  if (!why && typeof envelope?.message === 'string') {
    message = scrub(envelope.message);
    id = typeof envelope.id === 'string' ? scrub(envelope.id) : undefined;
    details = scrubDeep(envelope.details, scrub);
  } else if (!why && body !== undefined && body !== '') {
    // Not the envelope (a proxy's HTML page, plain text, other JSON): a short, single-line,
    // tag-free excerpt, scrubbed before it is cut (a cut could split a secret) and cut before
    // any pattern runs on it (no pattern then sees more than 2000 characters).
    const flat = (typeof body === 'string' ? scrub(body) : JSON.stringify(scrubDeep(body, scrub)))
      .slice(0, 2000)
      .replace(/<[^<>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    details = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
    message += `: ${details}`;
  }
  if (status > 199 && status < 300 && !why) message += ' (not the expected data)';
  // A start-build request that was not refused outright (4xx) may have started a build.
  if (op && !op.idempotent && !(status > 399 && status < 500)) message += maybe(true);
  const ErrorClass = status > 499 ? InternalServerError : (errorClasses[status] ?? ApiError);
  return new ErrorClass(status, `${status} ${message}`, scrubHeaders(headers, scrub), id, details);
}

/** A scrubbed copy of response headers; a header whose name holds a secret is dropped. */
function scrubHeaders(headers: Headers, scrub: Scrubber): Headers {
  const copy = new Headers();
  headers.forEach((value, name) => {
    if (scrub(name) === name) copy.append(name, scrub(value));
  });
  return copy;
}

/**
 * Scrubs more secrets out of an error this package made, in place: its message, id, details
 * and its cause's message. The waits use it for errors of requests that did not carry the
 * build's secrets (reading and aborting the build), in case the server echoes them.
 */
export function scrubError<T>(error: T, scrub: Scrubber): T {
  if (error instanceof StartJobBuildError) {
    const fields = error as unknown as { message: string; id?: unknown; details?: unknown; cause?: unknown };
    fields.message = scrub(fields.message);
    if (typeof fields.id === 'string') fields.id = scrub(fields.id);
    if (fields.details !== undefined) fields.details = scrubDeep(fields.details, scrub);
    if (fields.cause instanceof Error) fields.cause.message = scrub(fields.cause.message);
  }
  return error;
}

// The errors of waiting for a build. They are left out of the name loop above, whose
// references would put them into every bundle; each names its prototype in its constructor.

/** The build concluded without success (`throwOnFailure: true`). */
export class BuildFailedError extends StartJobBuildError {
  /** The final build, as the API reported it (with the request's secrets redacted). */
  readonly build: JobBuildDetails;

  constructor(build: JobBuildDetails) {
    BuildFailedError.prototype.name = 'BuildFailedError';
    super(
      `Build ${build.id} concluded with status ${build.status}${build.message ? `: ${build.message}` : ''}.`,
    );
    this.build = build;
  }
}

/** The wait's `timeoutMs` passed first. The build still runs unless `aborted` is true. */
export class WaitTimeoutError extends StartJobBuildError {
  readonly buildId: string;
  /** The last state of the build that a poll returned, if any did (secrets redacted). */
  readonly build: JobBuildDetails | undefined;
  readonly timeoutMs: number;
  /** Whether the build was aborted because the time ran out (`abortOnTimeout`). */
  readonly aborted: boolean;

  constructor(
    buildId: string,
    build: JobBuildDetails | undefined,
    timeoutMs: number,
    aborted: boolean,
    outcome: string,
    cause?: unknown,
  ) {
    WaitTimeoutError.prototype.name = 'WaitTimeoutError';
    super(
      `Build ${buildId} had not concluded after ${timeoutMs} ms of waiting (last status: ${build?.status ?? 'unknown'}). ${outcome}`,
      cause === undefined ? undefined : { cause },
    );
    this.buildId = buildId;
    this.build = build;
    this.timeoutMs = timeoutMs;
    this.aborted = aborted;
  }
}
