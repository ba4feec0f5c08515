// The optional logger. Anything with console's four methods fits, console included.

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** What one attempt of a request looked like, as logged at debug level. */
export interface AttemptLog {
  method: string;
  path: string;
  /** The HTTP status, or why there was none: an error code (`ECONNREFUSED`), `timeout` or `AbortError`. */
  status: number | string;
  durationMs: number;
  attempt: number;
  maxAttempts: number;
  /** The request headers, with `Authorization` redacted. The body is never logged. */
  headers: Record<string, string>;
}
