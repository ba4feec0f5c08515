// Keeps secrets out of everything the client reports: error messages, details echoed by the
// server, headers, log lines. A request's secrets are its API token and the body fields the
// spec marks `format: password` (the generated table lists where they are).

import type { Operation } from './generated/operations.js';

export const REDACTED = '[redacted]';

/** Replaces secret values in a string (`ignoreCase` for header names, which arrive lower-cased). */
export type Scrubber = (text: string, ignoreCase?: boolean) => string;

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
            : Object.hasOwn(v, key)
              ? [(v as Record<string, unknown>)[key]]
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

const SHORT_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\\\',
  '/': '/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};

/**
 * A pattern for a secret as it appears raw or inside JSON text from any encoder: each UTF-16
 * unit may also be written `\uXXXX` (either case), and `"`, `\`, `/` and some control
 * characters by their short escapes (`\/`, `\n`...).
 */
function anyEncoding(secret: string): string {
  return secret.replace(/[\s\S]/g, (unit) => {
    const hex = unit
      .charCodeAt(0)
      .toString(16)
      .padStart(4, '0')
      .replace(/[a-f]/g, (c) => `[${c}${c.toUpperCase()}]`);
    const short = SHORT_ESCAPES[unit] === undefined ? '' : `|\\\\${SHORT_ESCAPES[unit]}`;
    return `(?:${unit.replace(/[.*+?^${}()|[\]\\/-]/, '\\$&')}|\\\\u${hex}${short})`;
  });
}

/**
 * A scrubber for the given secrets, built on first use (every call has one, few need it).
 * One pass replaces every secret, longest first, so no part of a long one survives, and a
 * `[redacted]` already in the text stays as it is (redaction never nests). A value of three
 * characters or fewer is only redacted where it is the whole text: replacing every "1" inside
 * other text would make messages unreadable without protecting anything.
 */
export function createScrubber(secrets: () => readonly unknown[]): Scrubber {
  let whole: string[] | undefined;
  let source: string;
  const patterns: Record<string, RegExp> = {};
  return (text, ignoreCase) => {
    if (!whole) {
      whole = secrets().filter((s): s is string => typeof s === 'string' && s !== '');
      const long = whole.filter((s) => s.length > 3).sort((a, b) => b.length - a.length);
      source = ['\\[redacted\\]', ...long.map(anyEncoding)].join('|');
    }
    const flags = ignoreCase ? 'gi' : 'g';
    const same = (s: string) => (ignoreCase ? s.toLowerCase() === text.toLowerCase() : s === text);
    if (whole.some(same)) return REDACTED;
    try {
      patterns[flags] ??= new RegExp(source, flags);
      return text.replace(patterns[flags] as RegExp, REDACTED);
    } catch {
      // A pattern too large for the engine (a big secret file): hold the whole text back
      // rather than risk any part of a secret.
      return REDACTED;
    }
  };
}

/**
 * A deep copy of JSON data with every string and key scrubbed. Objects are built with
 * `Object.fromEntries`, so a key such as `__proto__` stays an own property and never becomes a
 * prototype. Parts deeper than 20 levels are dropped.
 */
export function scrubDeep(value: unknown, scrub: Scrubber, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 20) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub, depth + 1)]),
  );
}

/** Request headers as a plain object for the log, with credentials replaced. */
export function redactHeaders(headers: Headers, scrub: Scrubber): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = /^(authorization|cookie|proxy-authorization)$/.test(name) ? REDACTED : scrub(value);
  });
  return out;
}
