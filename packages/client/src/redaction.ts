// Keeps secrets out of everything the client prints: error messages, error details echoed by
// the server, log lines. The secrets of a request are its API token and the values of its
// build arguments, secret build files and Docker secret mounts.

export const REDACTED = '[redacted]';

/** Replaces secret values in a string. */
export type Scrubber = (text: string) => string;

/**
 * The secret values carried by a start-build request body. The body may have any shape
 * (validation can be off): non-strings are dropped by createScrubber.
 */
export function secretsOfBody(body: unknown): unknown[] {
  const overrides = (body as { overrides?: Record<string, unknown> } | undefined)?.overrides ?? {};
  const values = (group: unknown) => Object.values(group ?? {}) as { data?: unknown }[];
  return [
    ...values(overrides.buildArguments),
    // A secret file or mount is `{ data, encoding }`: `data` is the base64 of the contents, and
    // both it and the contents it decodes to are secret.
    ...[overrides.buildFiles, overrides.dockerSecretMounts]
      .flatMap(values)
      .flatMap((file) => [file?.data ?? file, decodeBase64(file?.data)]),
  ];
}

/** The UTF-8 text that a base64 string encodes, or undefined when it is not base64. */
function decodeBase64(data: unknown): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0)));
  } catch {}
}

/**
 * A scrubber for the given secrets (longest first, so that no part of a long one survives).
 * A very short value is only redacted where it is the whole string: replacing every "1" or
 * "abc" inside unrelated text would make messages unreadable without protecting anything.
 */
export function createScrubber(secrets: readonly unknown[] | (() => readonly unknown[])): Scrubber {
  // Made on first use (finding a body's secrets included): every call has a scrubber, few calls
  // ever need it.
  let list: string[] | undefined;
  return (text) => {
    list ??= (typeof secrets === 'function' ? secrets() : secrets)
      .filter((secret): secret is string => typeof secret === 'string' && secret !== '')
      // Each also as it appears inside a JSON text (quotes, backslashes, newlines escaped), for
      // bodies that are scrubbed before or without being parsed.
      .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)])
      .sort((a, b) => b.length - a.length);
    for (const secret of list) {
      if (text === secret) return REDACTED;
      if (secret.length > 3) text = text.split(secret).join(REDACTED);
    }
    return text;
  };
}

/** A deep copy of a JSON-like value with every string (and key) scrubbed; too deep a part is dropped. */
export function scrubDeep(value: unknown, scrub: Scrubber, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 20) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[scrub(key)] = scrubDeep(item, scrub, depth + 1);
  return copy;
}

/** Request headers as a plain object, with credentials replaced. */
export function redactHeaders(headers: Headers, scrub: Scrubber): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = /^(authorization|cookie|proxy-authorization)$/i.test(name) ? REDACTED : scrub(value);
  });
  return out;
}
