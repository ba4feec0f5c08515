// Keeps secrets out of everything the client reports: error messages, details echoed by the
// server, headers, log lines. A request's secrets are its API token and the body fields the
// spec marks `format: password` (the generated table lists where they are).

import type { Operation } from './generated/operations.js';

export const REDACTED = '[redacted]';

/** Replaces secret values in a string. */
export type Scrubber = (text: string) => string;

/** The secret values in a request body, by the operation's list of secret fields. */
export function secretsOf(op: Operation | undefined, body: unknown): unknown[] {
  const found: unknown[] = [];
  for (const { at, base64 } of op?.secrets ?? []) {
    let values = [body];
    for (const key of at) {
      values = values.flatMap((value) =>
        typeof value !== 'object' || value === null
          ? []
          : key === '*'
            ? Object.values(value)
            : Object.hasOwn(value, key)
              ? [(value as Record<string, unknown>)[key]]
              : [],
      );
    }
    found.push(...values, ...(base64 ? values.map(decodeBase64) : []));
  }
  return found;
}

/** The UTF-8 text that a base64 string encodes, or undefined when it is not base64. */
function decodeBase64(data: unknown): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0)));
  } catch {}
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
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
  let pattern = '';
  for (const unit of secret.split('')) {
    const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
    const escaped = `\\\\u${hex.replace(/[a-f]/g, (c) => `[${c}${c.toUpperCase()}]`)}`;
    const short =
      SHORT_ESCAPES[unit] === undefined ? '' : `|\\\\${SHORT_ESCAPES[unit].replace(/[\\/"]/, '\\$&')}`;
    pattern += `(?:${unit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}|${escaped}${short})`;
  }
  return pattern;
}

/**
 * A scrubber for the given secrets, built on first use (every call has one, few need it).
 * One pass replaces every secret, longest first, so no part of a long one survives and a
 * `[redacted]` already in the text is left as it is (redaction never nests). A value of three
 * characters or fewer is only redacted where it is the whole text: replacing every "1" inside
 * other text would make messages unreadable without protecting anything.
 */
export function createScrubber(secrets: () => readonly unknown[]): Scrubber {
  let whole: Set<string> | undefined;
  let pattern: RegExp | undefined;
  return (text) => {
    if (!whole) {
      const list = secrets().filter((s): s is string => typeof s === 'string' && s !== '');
      whole = new Set(list);
      const long = [...whole].filter((s) => s.length > 3).sort((a, b) => b.length - a.length);
      pattern = new RegExp(['\\[redacted\\]', ...long.map(anyEncoding)].join('|'), 'g');
    }
    return whole.has(text) ? REDACTED : text.replace(pattern as RegExp, REDACTED);
  };
}

/**
 * A deep copy of JSON data with every string and key scrubbed. Objects are built with
 * `Object.fromEntries`, so a key such as `__proto__` stays an own property and never becomes
 * a prototype. Parts deeper than 20 levels are dropped.
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
