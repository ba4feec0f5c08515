// Everything the client throws, one class per outcome (and per HTTP status that callers handle
// differently). Errors never keep a Request, its headers or its body, and every text that came
// from the server is scrubbed before it is stored (see fetch.ts).

import type { JobBuildDetails } from '@start-job-build/types';
import { type RateLimitInfo, rateLimitInfo, serverRequestedDelayMs } from './rate-limit.js';

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
    const why = envError ? ` (reading it failed: ${(envError as Error).message})` : '';
    super(
      `No API token: pass \`token\` to createClient() or set NORTHFLANK_API_TOKEN${why}. Nothing was sent.`,
      {
        cause: envError,
      },
    );
  }
}

/**
 * The API answered, but not with the expected result: a status other than 2xx (a redirect
 * included: they are never followed), a 2xx without the expected `data`, or a body larger than
 * `maxResponseBytes`.
 */
export class ApiError extends StartJobBuildError {
  /** The response headers (scrubbed; a header whose name holds a secret is left out). */
  readonly headers: Headers;
  /** The `x-request-id` response header, when present. */
  readonly requestId: string | undefined;

  constructor(
    readonly status: number,
    message: string,
    headers: Headers,
    /** The error id from Northflank's error envelope, when present. */
    readonly id?: string,
    /** The envelope's `details`, or a short excerpt of a body that was not the envelope. */
    readonly details?: unknown,
  ) {
    super(message);
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
/** 500 and above: the server failed. After a start-build request the build may or may not exist. */
export class InternalServerError extends ApiError {}

/** 429: the token used up its request allowance. This request started no build. */
export class RateLimitError extends ApiError {
  /** The `x-ratelimit-*` headers of the response. */
  readonly rateLimit: RateLimitInfo = rateLimitInfo(this.headers);
  /** How long the server asked to wait (`Retry-After`, else `x-ratelimit-reset`), if it said. */
  readonly retryAfterMs: number | undefined = serverRequestedDelayMs(this.headers);
}

/**
 * No response arrived because the connection failed. `buildMayHaveStarted` is true only when
 * a request that is not re-sent (a start-build request, say) may have reached the server and
 * taken effect; it is false when nothing can have been sent (refused, DNS) and for operations
 * that are safe to repeat.
 */
export class ConnectionError extends StartJobBuildError {
  constructor(
    message: string,
    /** The low-level error code, such as `ECONNREFUSED` or `UND_ERR_SOCKET`, when known. */
    readonly code: string | undefined,
    readonly buildMayHaveStarted: boolean,
    cause?: Error,
  ) {
    super(message, { cause });
  }
}

// `uncertain` says what may or may not have happened; fetch.ts words it from the spec's `x-effect`.
const maybe = (may: boolean, uncertain = 'the build may or may not have started') =>
  may ? `; ${uncertain}` : '';

/** No complete response (body included) arrived within `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  constructor(timeoutMs: number, buildMayHaveStarted: boolean, uncertain?: string) {
    super(
      `No response within ${timeoutMs} ms${maybe(buildMayHaveStarted, uncertain)}.`,
      'timeout',
      buildMayHaveStarted,
    );
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class AbortError extends StartJobBuildError {
  constructor(
    reason: unknown,
    /** Whether a start-build request (any request not re-sent) may have reached the server before the abort. */
    readonly buildMayHaveStarted = false,
    uncertain?: string,
  ) {
    super(`The request was aborted${maybe(buildMayHaveStarted, uncertain)}.`, { cause: reason });
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
  constructor(readonly issues: ValidationIssue[]) {
    const lines = issues.map(({ in: place, pointer, message }) => {
      const path = fieldPath(pointer);
      const where =
        place === 'body'
          ? `body ${path || '(the whole body)'}${pointer && ` (${pointer})`}`
          : `${place} parameter ${path}`;
      return `\n  ${where}: ${message}`;
    });
    super(`Invalid request, nothing was sent:${lines.join('')}`);
  }
}

/** A JSON pointer as a field path a reader knows from code: `/a/b~1c/0` is `a["b/c"][0]`. */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, key) =>
        /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${path && `${path}.`}${key}`
          : `${path}[${/^(0|[1-9]\d*)$/.test(key) ? key : JSON.stringify(key)}]`,
      '',
    );
}

// Class names do not survive minification, so each class gets its `name` here.
const names = 'StartJobBuild MissingToken Api BadRequest Authentication PermissionDenied NotFound Conflict';
const classes = [StartJobBuildError, MissingTokenError, ApiError, BadRequestError, AuthenticationError] as {
  prototype: Error;
}[];
classes.push(
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  InternalServerError,
  RateLimitError,
  ConnectionError,
);
classes.push(TimeoutError, AbortError, ValidationError);
`${names} InternalServer RateLimit Connection Timeout Abort Validation`.split(' ').forEach((name, i) => {
  (classes[i] as { prototype: Error }).prototype.name = `${name}Error`;
});

/** The error class for an HTTP status. */
export const errorClassFor = (status: number): typeof ApiError =>
  status > 499
    ? InternalServerError
    : ({ 400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError }[
        status
      ] ?? (status === 409 ? ConflictError : status === 429 ? RateLimitError : ApiError));

// The errors of waiting for a build. They are left out of the name list above, whose
// references would put them into every bundle; each names its prototype in its constructor.

/** The build concluded without success (`throwOnFailure: true`). */
export class BuildFailedError extends StartJobBuildError {
  constructor(
    /** The final build, as the API reported it (with the request's secrets redacted). */
    readonly build: JobBuildDetails,
  ) {
    BuildFailedError.prototype.name = 'BuildFailedError';
    super(
      `Build ${build.id} concluded with status ${build.status}${build.message ? `: ${build.message}` : ''}.`,
    );
  }
}

/** The wait's `timeoutMs` passed first. The build still runs unless `aborted` is true. */
export class WaitTimeoutError extends StartJobBuildError {
  constructor(
    readonly buildId: string,
    /** The last state of the build that a poll returned, if any did (secrets redacted). */
    readonly build: JobBuildDetails | undefined,
    readonly timeoutMs: number,
    /** Whether the build was aborted because the time ran out (`abortOnTimeout`). */
    readonly aborted: boolean,
    outcome: string,
    cause?: unknown,
  ) {
    WaitTimeoutError.prototype.name = 'WaitTimeoutError';
    const last = build?.status ?? 'unknown';
    super(
      `Build ${buildId} had not concluded after ${timeoutMs} ms of waiting (last status: ${last}). ${outcome}`,
      {
        cause,
      },
    );
  }
}
