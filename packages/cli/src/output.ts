// Everything job-build writes goes through here, so that no secret can reach a terminal, a CI
// log or a file: the token, build-argument values and file contents (and their base64) are
// replaced by [redacted] wherever they appear, even in what the server sends back.

import { formatDuration } from './duration.js';

export const REDACTED = '[redacted]';

export interface Scrubber {
  /** A text with every secret replaced. */
  text(value: string): string;
  /** A copy of JSON data with every secret replaced in its strings (and keys). */
  data<T>(value: T): T;
}

/** Newlines and other control characters (from the server, say) never break a log line. */
const flatten = (text: string): string => text.replace(/\p{Cc}+/gu, ' ');
/** A text on one line, trimmed. */
export const oneLine = (text: string): string => flatten(text).trim();

/**
 * The forms a secret may take in what job-build writes: as it is, trimmed, as inside JSON
 * text, flattened to one line (as status lines and the summary show server text), base64, and, for a
 * file's contents, each of its lines long enough to be telling on its own.
 */
function formsOf(secret: string): string[] {
  const lines = secret.split(/\r?\n/).map((line) => line.trim());
  return [
    secret,
    secret.trim(),
    JSON.stringify(secret).slice(1, -1),
    oneLine(secret),
    // Base64, as a server might echo any value (without the `=` padding, which it may drop).
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    ...lines.filter((l) => l.length >= 8),
  ];
}

/**
 * Secrets of four characters or more are replaced wherever they occur, in any of their forms;
 * shorter ones only where they are a whole string, so that a build argument `1` does not blank
 * out every digit.
 */
export function createScrubber(secrets: readonly (string | undefined)[]): Scrubber {
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s !== ''))];
  const long = [...new Set(values.flatMap(formsOf))]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  const short = new Set(values.filter((s) => s.length < 4));
  const text = (value: string) => {
    if (short.has(value)) return REDACTED;
    let result = value;
    for (const secret of long) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    return result;
  };
  const data = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(data);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), data(item)]));
    }
    return value;
  };
  return { text, data: data as Scrubber['data'] };
}

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  /** A terminal's width. */
  columns?: number | undefined;
}

/** stdout and stderr behind the scrubber. */
export class Output {
  constructor(
    readonly stdout: Stream,
    readonly stderr: Stream,
    public scrub: Scrubber = createScrubber([]),
  ) {}

  // Each call writes exactly one line: text from the server (a build id, a status) cannot
  // start lines of its own in a CI log, where a line may be read as a command (`::error::`).
  out(line: string): void {
    this.stdout.write(`${flatten(this.scrub.text(line))}\n`);
  }

  err(line: string): void {
    this.stderr.write(`${flatten(this.scrub.text(line))}\n`);
  }

  /** The API's data, and nothing else, on stdout. */
  json(data: unknown): void {
    this.stdout.write(`${JSON.stringify(this.scrub.data(data ?? {}), null, 2)}\n`);
  }
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A build's progress on stderr. On a terminal, one line rewritten in place with the status and
 * the time waited, refreshed every second; elsewhere (CI logs), one line per status change.
 */
export class Progress {
  private status = 'waiting for the first status';
  private timer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;
  private readonly startedAt: number;
  readonly live: boolean;

  constructor(
    private readonly output: Output,
    private readonly buildId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.live = output.stderr.isTTY === true;
    if (this.live) {
      this.timer = setInterval(() => this.render(), 1000);
      this.timer.unref?.();
      this.render();
    }
  }

  elapsed(): string {
    return formatDuration(this.now() - this.startedAt);
  }

  /** The build's status, as a poll saw it; a repeated status is not shown again. */
  update(status: string): void {
    if (oneLine(status) === this.status) return;
    this.status = oneLine(status);
    if (this.live) this.render();
    else this.output.err(`Build ${this.buildId}: ${this.status} (${this.elapsed()})`);
  }

  private render(): void {
    this.frame = (this.frame + 1) % SPINNER.length;
    const line = oneLine(
      this.output.scrub.text(
        `${SPINNER[this.frame]} Build ${this.buildId}: ${this.status} · ${this.elapsed()}`,
      ),
    );
    // A line wider than the terminal would wrap, and the next frame could not rewrite it.
    const width = this.output.stderr.columns;
    this.output.stderr.write(
      `\r\u001b[2K${width && line.length >= width ? `${line.slice(0, width - 2)}…` : line}`,
    );
  }

  /** Ends the live line, so that what follows starts on a clean line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.output.stderr.write('\r\u001b[2K');
  }
}
