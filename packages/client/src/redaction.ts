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
    // A secret file or mount is `{ data, encoding }`; only `data` is secret.
    ...[overrides.buildFiles, overrides.dockerSecretMounts].flatMap(values).map((file) => file?.data ?? file),
  ];
}

/**
 * A scrubber for the given secrets (longest first, so that no part of a long one survives).
 * A very short value is only redacted where it is the whole string: replacing every "1" or
 * "abc" inside unrelated text would make messages unreadable without protecting anything.
 */
export function createScrubber(secrets: readonly unknown[]): Scrubber {
  const list = secrets
    .filter((secret): secret is string => typeof secret === 'string' && secret !== '')
    .sort((a, b) => b.length - a.length);
  return (text) => {
    for (const secret of list) {
      if (text === secret) return REDACTED;
      if (secret.length > 3) text = text.split(secret).join(REDACTED);
    }
    return text;
  };
}

/** A deep copy of a JSON-like value with every string (and key) scrubbed. */
export function scrubDeep(value: unknown, scrub: Scrubber, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null || depth > 20) return value;
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
