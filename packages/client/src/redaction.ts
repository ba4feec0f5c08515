// Keeps secrets out of everything the client reports: error messages, details echoed by the
// server, headers, log lines. A request's secrets are its API token and the body fields the
// spec marks `format: password` (the generated table lists where they are).

import type { Operation } from './generated/operations.js';

export const REDACTED = '[redacted]';

/** Replaces secret values in a string (`ignoreCase` for header names, which arrive lower-cased). */
export type Scrubber = (text: string, ignoreCase?: boolean) => string;

const own = (v: object, key: string) => Object.hasOwn(v, key);

/** The secret values in a request body (an object, or its JSON text), by the operation's secret fields. */
export function secretsOf(op: Operation | undefined, body: unknown): unknown[] {
  try {
    body = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {}
  return (op?.secrets ?? []).flatMap(({ at, base64 }) => {
    let values = [body];
    for (const key of at) {
      values = values.flatMap((v) =>
        typeof v !== 'object' || v === null
          ? []
          : key === '*'
            ? Object.values(v)
            : own(v, key)
              ? [v[key as never]]
              : [],
      );
    }
    // For base64 fields, the text they decode to is secret too.
    return base64 ? [...values, ...values.map(decodeBase64)] : values;
  });
}

function decodeBase64(data: unknown): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0)));
  } catch {}
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The text with one layer of the encodings a server may wrap an echoed value in undone: JSON
 * escapes (`\/`, `\u00e4`, `\"`), HTML character references (`&amp;`, `&#x26;`) and
 * percent-encoding (`%C3%A4`).
 */
function decode(text: string): string {
  return text
    .replace(/\\u([\da-f]{4})|\\(.)/gi, (_, hex, c) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : (ESCAPES[c] ?? c),
    )
    .replace(/&(#x?[\da-f]+|[a-z]+);/gi, (all, ref: string) => {
      try {
        return ref[0] === '#'
          ? String.fromCodePoint(+ref.slice(1).replace(/^x/i, '0x'))
          : (ENTITIES[ref] ?? all);
      } catch {
        return all;
      }
    })
    .replace(/(%[\da-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
}

/**
 * Replaces each occurrence of a secret with `[redacted]`: at each step the earliest match,
 * the longest one there. A `[redacted]` already in the text counts as a match that stays
 * as it is, so redaction never nests. Plain string search: no pattern to outgrow.
 */
function redact(text: string, secrets: string[]): string {
  let out = '';
  for (let from = 0; ; ) {
    let [at, length] = [-1, 0];
    for (const secret of [REDACTED, ...secrets]) {
      const i = text.indexOf(secret, from);
      if (i >= 0 && (at < 0 || i < at || (i === at && secret.length > length)))
        [at, length] = [i, secret.length];
    }
    if (at < 0) return out + text.slice(from);
    out += text.slice(from, at) + REDACTED;
    from = at + length;
  }
}

/**
 * A scrubber for the given secrets, which it asks for on first use (every call has one, few
 * need it). A value of three characters or fewer is only redacted where it is the whole text:
 * replacing every "1" inside other text would make messages unreadable without protecting
 * anything. A secret found only once the text is decoded (up to three layers deep) is
 * redacted in the decoded text, which is then what the scrubber returns.
 */
export function createScrubber(secrets: () => readonly unknown[]): Scrubber {
  let whole: string[] | undefined;
  let long: string[] = [];
  return (text, ignoreCase) => {
    if (!whole) {
      whole = secrets().filter((s): s is string => typeof s === 'string' && s !== '');
      long = whole.filter((s) => s.length > 3).sort((a, b) => b.length - a.length);
    }
    const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
    if (whole.some((s) => fold(s) === fold(text))) return REDACTED;
    const search = long.map(fold);
    let out = redact(fold(text), search);
    for (let layer = 0, seen = out; layer < 3; layer++) {
      const decoded = decode(seen);
      if (decoded === seen) break;
      seen = redact(decoded, search);
      if (seen !== decoded) out = seen;
    }
    return out;
  };
}

/**
 * A deep copy of JSON data with every string, key and number scrubbed. Objects are built with
 * `Object.fromEntries`, so a key such as `__proto__` stays an own property and never becomes a
 * prototype. Parts deeper than 20 levels are dropped.
 */
export function scrubDeep(value: unknown, scrub: Scrubber, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number') return scrub(`${value}`) === `${value}` ? value : REDACTED;
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 20) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub, depth + 1)]),
  );
}

/** A scrubbed copy of headers; one whose name holds a secret is left out. */
export function scrubHeaders(headers: Headers, scrub: Scrubber): Headers {
  const safe = new Headers();
  headers.forEach((value, name) => {
    if (scrub(name, true) === name) safe.append(name, scrub(value));
  });
  return safe;
}

/**
 * Scrubs an error of this package, in place, of further secrets: those of a build that a
 * request reading or aborting it did not carry, but the server may echo.
 */
export function scrubError<T>(error: T, scrub: Scrubber): T {
  const fields = error as {
    message?: unknown;
    id?: unknown;
    details?: unknown;
    headers?: unknown;
    cause?: unknown;
  };
  if (!(error instanceof Error)) return error;
  error.message = scrub(error.message);
  if (typeof fields.id === 'string') fields.id = scrub(fields.id);
  if (fields.details !== undefined) fields.details = scrubDeep(fields.details, scrub);
  if (fields.headers instanceof Headers) fields.headers = scrubHeaders(fields.headers, scrub);
  if (fields.cause instanceof Error) fields.cause.message = scrub(fields.cause.message);
  return error;
}
