// Durations on the command line: `30m`, `10s`, `1h30m`, `1.5h`, `250ms`. A bare number is
// refused, since nobody can tell whether `30` means seconds or minutes.

import { UsageError } from './usage-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Milliseconds (a whole number > 0) for a duration such as `30m`; a UsageError naming `flag` otherwise. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  const hint = 'write a number and a unit, ms, s, m or h (for example 10s, 30m, 1h30m)';
  if (/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`${flag} "${value}" has no unit: ${hint}`);
  if (!DURATION.test(value)) throw new UsageError(`${flag} "${value}" is not a duration: ${hint}`);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(PART))
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  const ms = Math.round(total);
  if (ms < 1) throw new UsageError(`${flag} must be at least 1ms`);
  if (ms > MAX_DURATION_MS)
    throw new UsageError(`${flag} must be at most 596h (the longest timer Node.js has)`);
  return ms;
}

/** `45s`, `3m 05s`, `1h 02m 03s`, or `850ms` under a second. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}
