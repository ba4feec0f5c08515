// Keeps secrets out of everything the client prints: error messages, error details echoed by
// the server, log lines. The secrets of a request are its API token and the values of its
// build arguments, secret build files and Docker secret mounts.

export const REDACTED = '[redacted]';

/** Replaces secret values in a string. */
export type Scrubber = (text: string) => string;

// A very short value is only redacted where it is the whole string: replacing every "1" or
// "abc" inside unrelated text would make messages unreadable without protecting anything.
const MIN_SUBSTRING_LENGTH = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The secret values carried by a start-build request body (any shape; unknown parts are skipped). */
export function secretsOfBody(body: unknown): string[] {
  const overrides = isRecord(body) ? body.overrides : undefined;
  if (!isRecord(overrides)) return [];
  const secrets: unknown[] = [];
  const { buildArguments, buildFiles, dockerSecretMounts } = overrides;
  if (isRecord(buildArguments)) secrets.push(...Object.values(buildArguments));
  for (const files of [buildFiles, dockerSecretMounts]) {
    if (!isRecord(files)) continue;
    for (const file of Object.values(files)) secrets.push(isRecord(file) ? file.data : file);
  }
  return secrets.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** A scrubber for the given secrets (longest first, so that no part of a long one survives). */
export function createScrubber(secrets: readonly (string | undefined)[]): Scrubber {
  const list = [...new Set(secrets.filter((s): s is string => !!s))].sort((a, b) => b.length - a.length);
  return (text) => {
    for (const secret of list) {
      if (text === secret) return REDACTED;
      if (secret.length >= MIN_SUBSTRING_LENGTH) text = text.split(secret).join(REDACTED);
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
