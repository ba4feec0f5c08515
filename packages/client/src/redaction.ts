// Keeps secrets out of everything the client reports: error messages, details echoed by the
// server, headers, log lines. A request's secrets are its API token and the body fields the
// spec marks `format: password` (the generated table lists where they are).

import type { Operation } from './generated/operations.js';

export const REDACTED = '[redacted]';

/**
 * Replaces secret values in a string, in any letter case. `hidesNumber` says whether a number
 * is a secret's value once parsed (an echoed `"0012"` comes back as 12).
 */
export type Scrubber = ((text: string) => string) & { hidesNumber(value: number): boolean };

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
    return base64 ? [...values, ...values.flatMap(decodeBase64)] : values;
  });
}

function decodeBase64(data: unknown): string[] {
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0)));
    // A server that quotes a file quotes a line of it, without the final newline.
    return [text, text.trim(), ...text.split('\n').map((line) => line.trim())];
  } catch {
    return [];
  }
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  sol: '/',
  equals: '=',
  plus: '+',
  percnt: '%',
  num: '#',
  colon: ':',
};
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const percent = (run: string) =>
  new TextDecoder().decode(
    Uint8Array.from(run.match(/[\da-f]{2}/gi) as string[], (hex) => parseInt(hex, 16)),
  );

/**
 * The text with one layer of the encodings a server may wrap an echoed value in undone: JSON
 * escapes (`\/`, `\u00e4`, `\"`), HTML character references (`&amp;`, `&#x26;`, with or
 * without the `;`), percent-encoding (`%C3%A4`, bad bytes as U+FFFD) and `+` for a space.
 */
function decode(text: string): string {
  return text
    .replace(/\\u([\da-f]{4})|\\(.)/gi, (_, hex, c) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : (ESCAPES[c] ?? c),
    )
    .replace(/&(#x[\da-f]{1,6}|#\d{1,7}|[a-z]+);?/gi, (all, ref: string) =>
      ref[0] === '#'
        ? String.fromCodePoint(Math.min(+ref.slice(1).replace(/^x/i, '0x'), 0x10ffff))
        : (ENTITIES[ref.toLowerCase()] ?? all),
    )
    .replace(/(%[\da-f]{2})+/gi, percent)
    .replace(/\+/g, ' ');
}

/**
 * Replaces every span of the text that holds a secret (any letter case), or an existing
 * `[redacted]`, with one `[redacted]`; overlapping and touching spans are merged first, so no
 * part of a secret survives and redaction never nests. One `indexOf` pass per secret: linear
 * in the text for each, with no pattern to outgrow.
 */
function redact(text: string, secrets: string[]): string {
  const lower = text.toLowerCase();
  // Lower-casing that changes the length (rare letters) would shift every index: then search as is.
  const haystack = lower.length === text.length ? lower : text;
  const spans: [number, number][] = [];
  for (const secret of [REDACTED, ...secrets]) {
    const needle = haystack === lower ? secret.toLowerCase() : secret;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      spans.push([at, at + needle.length]);
    }
  }
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let from = 0;
  for (const [start, end] of spans) {
    if (start > from || !out) out += text.slice(from, start) + REDACTED;
    from = Math.max(from, end);
  }
  return out + text.slice(from);
}

/**
 * A scrubber for the given secrets, which it asks for on first use (every call has one, few
 * need it). A value of three characters or fewer is only redacted where it is the whole text:
 * replacing every "1" inside other text would make messages unreadable without protecting
 * anything. A secret found only once the text is decoded (layer after layer, up to 10) is
 * redacted in the decoded text, which is then what the scrubber returns.
 */
export function createScrubber(secrets: () => readonly unknown[]): Scrubber {
  // Asked for once, on first use: lower-cased for the whole-text check, the longer ones for search.
  let whole: string[] | undefined;
  let folded: string[] = [];
  let long: string[] = [];
  const load = () => {
    if (!whole) {
      whole = secrets().filter((s): s is string => typeof s === 'string' && s !== '');
      // A server may echo a value base64-encoded (the way build files travel): that form is
      // secret too, with or without its `=` padding.
      whole.push(
        ...whole.map((s) =>
          btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join('')).replace(
            /=+$/,
            '',
          ),
        ),
      );
      folded = whole.map((s) => s.toLowerCase());
      long = whole.filter((s) => s.length > 3);
    }
    return whole;
  };
  const isWhole = (text: string) => {
    load();
    const lower = text.toLowerCase();
    return folded.includes(lower);
  };
  const scrub = (text: string) => {
    if (isWhole(text)) return REDACTED;
    let out = redact(text, long);
    for (let layer = 0, seen = out; layer < 10 && /[%&\\+]/.test(seen); layer++) {
      const decoded = decode(seen);
      if (decoded === seen) break;
      seen = isWhole(decoded) ? REDACTED : redact(decoded, long);
      if (seen !== decoded) out = seen;
    }
    return out;
  };
  return Object.assign(scrub, {
    hidesNumber: (value: number) => load().some((s) => /\d/.test(s) && Number(s.trim()) === value),
  });
}

/**
 * A deep copy of JSON data with every string, key and number scrubbed. Objects are built with
 * `Object.fromEntries`, so a key such as `__proto__` stays an own property and never becomes a
 * prototype. Parts deeper than 20 levels are dropped.
 */
export function scrubDeep(value: unknown, scrub: Scrubber, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number')
    return scrub.hidesNumber(value) || scrub(`${value}`) !== `${value}` ? REDACTED : value;
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
    if (scrub(name) === name) safe.append(name, scrub(value));
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
    requestId?: unknown;
    cause?: unknown;
  };
  if (!(error instanceof Error)) return error;
  error.message = scrub(error.message);
  if (typeof fields.id === 'string') fields.id = scrub(fields.id);
  if (fields.details !== undefined) fields.details = scrubDeep(fields.details, scrub);
  if (fields.headers instanceof Headers) {
    const headers = scrubHeaders(fields.headers, scrub);
    fields.headers = headers;
    if ('requestId' in fields) fields.requestId = headers.get('x-request-id') ?? undefined;
  }
  if (fields.cause instanceof Error) fields.cause.message = scrub(fields.cause.message);
  return error;
}
