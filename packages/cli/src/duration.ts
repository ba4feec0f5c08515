// Durations on the command line: `30m`, `10s`, `1h30m`, `1.5h`, `250ms`. Units come largest
// first and each at most once, so that `1h1h` or `30m1h` (likely typos) are refused rather than
// added up; only the last number may have decimals. A bare number is refused, since nobody can
// tell whether `30` means seconds or minutes.

import { UsageError } from './usage-error.js';

/** The units, largest first: the order they must come in. */
const UNITS = ['h', 'm', 's', 'ms'] as const;
type Unit = (typeof UNITS)[number];
const UNIT_MS: Record<Unit, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
const ORDER = 'each unit comes at most once, largest first, as in 1h30m';
/** A value that starts with a minus sign and a number: a negative duration. */
const NEGATIVE = /^-\s*\.?\d/;

/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Whether a value given to a duration flag is meant as a negative duration (`-5s`). */
export const isNegativeDuration = (text: string): boolean => NEGATIVE.test(text.trim());

/** The error for a negative duration given to `flag`. */
export const negativeDuration = (text: string, flag: string): UsageError =>
  new UsageError(`${flag} "${text.trim()}" is negative: a duration must be positive, such as 30m or 10s`);

/** Milliseconds (a whole number > 0) for a duration such as `30m`; a UsageError naming `flag` otherwise. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  const hint = 'write a number and a unit, ms, s, m or h (for example 10s, 30m, 1h30m, 1.5h)';
  if (isNegativeDuration(value)) throw negativeDuration(value, flag);
  if (/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`${flag} "${value}" has no unit: ${hint}`);
  if (!DURATION.test(value)) throw new UsageError(`${flag} "${value}" is not a duration: ${hint}`);
  const parts = [...value.matchAll(PART)].map(([, amount, unit]) => ({
    amount: amount as string,
    unit: unit as Unit,
  }));
  let total = 0;
  let previous = -1;
  for (const [index, { amount, unit }] of parts.entries()) {
    const rank = UNITS.indexOf(unit);
    if (rank === previous) throw new UsageError(`${flag} "${value}" uses ${unit} more than once: ${ORDER}`);
    if (rank < previous) throw new UsageError(`${flag} "${value}" has its units out of order: ${ORDER}`);
    if (amount.includes('.') && index < parts.length - 1)
      throw new UsageError(
        `${flag} "${value}": only the last number may have decimals, as in 1.5h or 1h30.5s`,
      );
    previous = rank;
    total += Number(amount) * UNIT_MS[unit];
  }
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
