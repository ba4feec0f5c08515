// Everything the client throws. Errors never keep the Request, its headers or its body, so
// nothing here can carry the token; texts that come from the server are scrubbed first.

import type { JobBuildDetails } from '@start-job-build/types';
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

/**
 * No API token was configured. Thrown before anything is sent. `cause` is set when reading
 * NORTHFLANK_API_TOKEN failed (Deno without `--allow-env`).
 */
export class MissingTokenError extends StartJobBuildError {
  constructor(envError?: unknown) {
    super(
      `No API token: pass \`token\` to createClient() or set NORTHFLANK_API_TOKEN${envError ? ` (reading it failed: ${(envError as Error).message})` : ''}. Nothing was sent.`,
      envError ? { cause: envError } : undefined,
    );
  }
}

/** The API answered with a status other than 200. */
export class ApiError extends StartJobBuildError {
  /** The HTTP status code. */
  readonly status: number;
  /** The error id from Northflank's error envelope, when present. */
  readonly id: string | undefined;
  /** The envelope's `details`, or a short excerpt of a body that was not JSON. */
  readonly details: unknown;
  /** The response headers. */
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

/** 403: the token's role lacks the permission to start builds in this project. */
export class PermissionDeniedError extends ApiError {}

/** 404: the project or job does not exist, or the token cannot see it. */
export class NotFoundError extends ApiError {}

/** 409: the job cannot be built in its current state. */
export class ConflictError extends ApiError {}

/**
 * 429: the token used up its request allowance. This request started no build (after opted-in
 * retries an earlier attempt may have, and the message says so).
 */
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

/** 500 and above: the server failed. The build may or may not have started. */
export class InternalServerError extends ApiError {}

/**
 * No response arrived because the connection failed. For a start-build request,
 * `buildMayHaveStarted` tells the two cases apart: false when the connection could not be
 * opened at all (refused, DNS), true when it broke after the request may have reached the
 * server. It is always false for getJobBuild and abortJobBuild, which never start a build.
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

/**
 * No complete response arrived within `timeoutMs`. After a start-build request the build may or
 * may not have started; reading or aborting a build cannot start one.
 */
export class TimeoutError extends ConnectionError {
  constructor(timeoutMs: number, buildMayHaveStarted: boolean) {
    super(
      `No response within ${timeoutMs} ms${buildMayHaveStarted ? '; the build may or may not have started' : ''}.`,
      'timeout',
      buildMayHaveStarted,
    );
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class AbortError extends StartJobBuildError {
  /**
   * Whether a start-build request may have reached the server before the abort (it was in
   * flight, or an earlier attempt may have started a build). Always false for other requests.
   */
  readonly buildMayHaveStarted: boolean;

  constructor(reason: unknown, buildMayHaveStarted = false) {
    super(`The request was aborted${buildMayHaveStarted ? '; the build may or may not have started' : ''}.`, {
      cause: reason,
    });
    this.buildMayHaveStarted = buildMayHaveStarted;
  }
}

/** One problem found by client-side validation. */
export interface ValidationIssue {
  /** Where the problem is: `body` (the JSON request body) or `path` (a path parameter). */
  in: 'body' | 'path';
  /** A JSON pointer into the body (`/overrides/docker/dockerFilePath`), or `/projectId` for path parameters. */
  pointer: string;
  /** The broken constraint, e.g. `must match pattern "^[a-zA-Z0-9-_]+$"`. Never contains the value. */
  message: string;
  /** The JSON Schema keyword that failed (`pattern`, `minLength`, `additionalProperties`, ...). */
  keyword: string;
  /** The keyword's parameters (the pattern, the limit, the unknown property's name...). */
  params: Record<string, unknown>;
}

/** The request was refused before anything was sent: its body or path parameters break the spec. */
export class ValidationError extends StartJobBuildError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(
      `Invalid request, nothing was sent:${issues
        .map(
          (issue) =>
            `\n  ${issue.in === 'path' ? 'path parameter ' : ''}${issue.pointer || '(body)'} ${issue.message}`,
        )
        .join('')}`,
    );
    this.issues = issues;
  }
}

// Class names do not survive minification, so each class gets its `name` from this list.
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

const errorClasses: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/**
 * Turns a response that is not the expected result into the matching error: any status but
 * 2xx, or a 2xx whose body is not a build. `body` is what openapi-fetch read: parsed JSON, the
 * raw text when it was not JSON (or for a 2xx), or undefined when it was empty. `startsBuild`
 * is true for a start-build request, whose failures may still have started a build, and
 * `startedBefore` when an earlier attempt of it may have (after an opted-in retry).
 */
export function errorFromResponse(
  { status, statusText, headers }: Response,
  body: unknown,
  scrub: Scrubber,
  startsBuild: boolean,
  startedBefore?: boolean,
): ApiError {
  const envelope = (body as { error?: { message?: unknown; id?: unknown; details?: unknown } } | null)?.error;
  let message = scrub(statusText) || 'no response body';
  let id: string | undefined;
  let details: unknown;
  if (typeof envelope?.message === 'string') {
    message = scrub(envelope.message);
    id = typeof envelope.id === 'string' ? scrub(envelope.id) : undefined;
    details = scrubDeep(envelope.details, scrub);
  } else if (body !== undefined && body !== '') {
    // Not the envelope (a proxy's HTML page, plain text, other JSON): keep a short,
    // single-line, tag-free excerpt. Secrets are replaced first, in the text as the server sent
    // it (flattening could split one), and the text is cut short before any pattern runs on it.
    const flat = scrub(typeof body === 'string' ? body : JSON.stringify(scrubDeep(body, scrub)))
      .slice(0, 2000)
      .replace(/<[^<>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    details = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
    message += `: ${details}`;
  }
  const ErrorClass = status > 499 ? InternalServerError : (errorClasses[status] ?? ApiError);
  if (status < 300) message += ' (not a build)';
  // After a start-build request's 5xx, or a 2xx the server accepted, a build may exist: say so.
  if (startsBuild && (status < 300 || status > 499)) message += '; the build may or may not have started';
  else if (startedBefore) message += '; an earlier attempt may have started the build';
  // A copy of the headers, scrubbed too: a server could echo a secret in one.
  const safeHeaders = new Headers();
  headers.forEach((value, name) => {
    safeHeaders.append(name, scrub(value));
  });
  return new ErrorClass(status, `${status} ${message}`, safeHeaders, id, details);
}

/**
 * Scrubs more secrets out of an error this package made, in place: its message, id, details
 * and its cause's message. The wait functions use it on errors of requests that did not carry
 * the build's secrets themselves (reading and aborting the build).
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

// The errors of waiting for a build (wait.ts). They are left out of the name loop above, whose
// references would put them into every bundle. Each names its prototype in its constructor
// instead, before super(), so that the stack trace already shows the name.

/**
 * The build concluded without success: its status is one of FAILED_JOB_BUILD_STATUSES (or it
 * reported `success: false`). Thrown by the wait functions only with `throwOnFailure: true`.
 */
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

/**
 * The wait's `timeoutMs` passed before the build concluded. The build is still running unless
 * `aborted` is true (with `abortOnTimeout`).
 */
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
