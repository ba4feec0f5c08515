// The small parts, in process: durations, the scrubber, the terminal's live status line and the
// mapping of validation issues to flags.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandOptions } from '../src/args.js';
import { flagOf, followUp } from '../src/commands.js';
import { formatDuration, parseDuration } from '../src/duration.js';
import { helpText } from '../src/help.js';
import { createScrubber, Output, Progress } from '../src/output.js';
import { UsageError } from '../src/usage-error.js';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['10s', 10_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    [' 2m ', 120_000],
    ['1m30s500ms', 90_500],
    ['1h2m3s4ms', 3_723_004],
    // Decimals, in the last number only.
    ['1.5m', 90_000],
    ['1.5h', 5_400_000],
    ['1h30.5s', 3_630_500],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each([
    ['30', '--timeout "30" has no unit'],
    ['', '--timeout "" is not a duration'],
    ['10 s', '--timeout "10 s" is not a duration'],
    ['-5s', '--timeout "-5s" is negative: a duration must be positive, such as 30m or 10s'],
    ['-1.5m', '--timeout "-1.5m" is negative: a duration must be positive'],
    ['-30', '--timeout "-30" is negative: a duration must be positive'],
    ['1h1h', '--timeout "1h1h" uses h more than once: each unit comes at most once, largest first'],
    ['10s10s', '--timeout "10s10s" uses s more than once'],
    ['30m1h', '--timeout "30m1h" has its units out of order: each unit comes at most once, largest first'],
    ['1s1m', '--timeout "1s1m" has its units out of order'],
    ['500ms1s', '--timeout "500ms1s" has its units out of order'],
    ['1.5h30m', '--timeout "1.5h30m": only the last number may have decimals'],
    ['5d', '--timeout "5d" is not a duration'],
    ['1h-', '--timeout "1h-" is not a duration'],
    ['0ms', '--timeout must be at least 1ms'],
    ['0.1ms', '--timeout must be at least 1ms'],
    ['597h', '--timeout must be at most 596h'],
  ])('%j is refused', (text, message) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(message);
  });

  it('the help and the README describe the durations that are accepted', () => {
    const help = helpText();
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // Both name the rules: largest unit first, each once, decimals in the last number.
    for (const doc of [help, readme]) {
      expect(doc).toMatch(/largest\s+first, each at most once/);
      expect(doc).toMatch(/The last number may have decimals/);
    }
    // Every example of a duration in the help is accepted.
    const examples = /^Durations:[\s\S]*?\n\n/m.exec(help)?.[0].match(/\b\d[\d.]*(?:ms|s|m|h)\w*/g);
    expect(examples?.length).toBeGreaterThanOrEqual(5);
    for (const example of examples ?? []) expect(parseDuration(example, '--timeout')).toBeGreaterThan(0);
    // The README's equivalences and refusals hold.
    expect(readme).toContain('`1.5h` is `1h30m`, `2.5s` is `2500ms`');
    expect(parseDuration('1.5h', '--timeout')).toBe(parseDuration('1h30m', '--timeout'));
    expect(parseDuration('2.5s', '--timeout')).toBe(parseDuration('2500ms', '--timeout'));
    expect(readme).toContain('(`30m1h` and `1h1h` are refused');
    for (const refused of ['30m1h', '1h1h', '30', '-30m'])
      expect(() => parseDuration(refused, '--timeout')).toThrow(UsageError);
  });

  it.each([
    [850, '850ms'],
    [45_000, '45s'],
    [185_000, '3m 05s'],
    [3_723_000, '1h 02m 03s'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('the scrubber', () => {
  const scrub = createScrubber(['tok-1234', 'line one secret\nline two secret\n', 'ab', undefined, '']);

  it('replaces secrets in every form: raw, inside JSON, flattened to one line, line by line', () => {
    expect(scrub.text('token tok-1234 here')).toBe('token [redacted] here');
    expect(scrub.text(JSON.stringify({ m: 'line one secret\nline two secret\n' }))).toBe(
      '{"m":"[redacted]"}',
    );
    expect(scrub.text('flat: line one secret line two secret')).toBe('flat: [redacted]');
    expect(scrub.text('only line two secret')).toBe('only [redacted]');
  });

  it('replaces a short secret only where it is a whole string', () => {
    expect(scrub.text('ab')).toBe('[redacted]');
    expect(scrub.text('about abc')).toBe('about abc');
    expect(scrub.data({ a: 'ab', b: ['x', 'tok-1234'], 'tok-1234': 1, n: 2 })).toEqual({
      a: '[redacted]',
      b: ['x', '[redacted]'],
      '[redacted]': 1,
      n: 2,
    });
  });
});

describe('progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const streams = (isTTY: boolean) => {
    const written = { stdout: '', stderr: '' };
    const output = new Output(
      { write: (text: string) => (written.stdout += text) },
      { write: (text: string) => (written.stderr += text), isTTY },
      createScrubber(['s3cret-value']),
    );
    return { written, output };
  };

  it('on a terminal: one line, rewritten in place with the status and the time waited', () => {
    vi.useFakeTimers();
    const { written, output } = streams(true);
    const progress = new Progress(output, 'build-7', Date.now);
    progress.update('QUEUED');
    vi.advanceTimersByTime(2000);
    progress.update('BUILDING s3cret-value');
    vi.advanceTimersByTime(63_000);
    progress.stop();
    const frames = written.stderr.split('\r\u001b[2K').filter(Boolean);
    expect(written.stderr).not.toContain('\n');
    expect(frames[0]).toMatch(/^. Build build-7: waiting for the first status · 0ms$/);
    expect(frames).toContainEqual(expect.stringMatching(/^. Build build-7: QUEUED · 2s$/));
    expect(frames).toContainEqual(expect.stringMatching(/^. Build build-7: BUILDING \[redacted\] · 1m 05s$/));
    expect(written.stderr.endsWith('\r\u001b[2K')).toBe(true);
    // Stopped: no more frames.
    const length = written.stderr.length;
    vi.advanceTimersByTime(5000);
    expect(written.stderr.length).toBe(length);
    expect(written.stdout).toBe('');
  });

  it('on a narrow terminal: the line is cut to its width, so that it never wraps', () => {
    const written: string[] = [];
    const output = new Output(
      { write: () => {} },
      { write: (t: string) => written.push(t), isTTY: true, columns: 20 },
    );
    const progress = new Progress(output, 'build-with-a-long-id', Date.now);
    progress.update('BUILDING');
    progress.stop();
    for (const frame of written) expect(frame.replace('\r\u001b[2K', '').length).toBeLessThan(20);
    expect(written[1]?.startsWith('\r\u001b[2K')).toBe(true);
    expect(written[1]).toMatch(/^.{5}. Build build-with…$/s);
  });

  it('elsewhere: one line per status change, none for a repeated status, no control sequences', () => {
    vi.useFakeTimers();
    const { written, output } = streams(false);
    const progress = new Progress(output, 'build-7', Date.now);
    progress.update('QUEUED');
    vi.advanceTimersByTime(12_000);
    progress.update('QUEUED');
    progress.update('BUILDING');
    vi.advanceTimersByTime(60_000);
    progress.update('SUCCESS');
    progress.stop();
    expect(written.stderr).toBe(
      'Build build-7: QUEUED (0ms)\nBuild build-7: BUILDING (12s)\nBuild build-7: SUCCESS (1m 12s)\n',
    );
  });
});

describe('the command that follows a build later', () => {
  const options = (baseUrl?: string) =>
    ({ projectId: 'default-project', jobId: 'nightly', baseUrl }) as CommandOptions;

  it.each([
    [undefined, 'job-build wait --project default-project --job nightly --build b17'],
    [
      'http://127.0.0.1:4010',
      'job-build wait --project default-project --job nightly --build b17 --base-url http://127.0.0.1:4010',
    ],
    [
      'https://proxy.example/nf api',
      "job-build wait --project default-project --job nightly --build b17 --base-url 'https://proxy.example/nf api'",
    ],
    [
      "https://proxy.example/it's;$(x)",
      "job-build wait --project default-project --job nightly --build b17 --base-url 'https://proxy.example/it'\\''s;$(x)'",
    ],
  ])('with --base-url %j', (baseUrl, command) => {
    expect(followUp(options(baseUrl), 'b17')).toBe(command);
  });
});

describe('validation issues name their flag', () => {
  const issue = (at: 'body' | 'path', pointer: string) => ({
    in: at,
    pointer,
    message: 'm',
    keyword: 'k',
    params: {},
  });
  it.each([
    [issue('body', '/sha'), '--sha'],
    [issue('body', '/overrides/buildArguments/NODE_ENV'), '--build-arg NODE_ENV'],
    [issue('body', '/overrides/buildFiles/dir~1file'), '--build-file dir/file'],
    [issue('body', '/overrides/dockerSecretMounts/npm~0x'), '--secret-mount npm~x'],
    [issue('body', '/overrides/docker/dockerFilePath'), '--docker-file'],
    [issue('body', '/overrides/docker/dockerWorkDir'), '--docker-work-dir'],
    [issue('body', '/overrides/docker/dockerfileTarget'), '--docker-target'],
    [issue('body', '/overrides/other'), 'the request body at /overrides/other'],
    [issue('path', '/projectId'), '--project'],
    [issue('path', '/jobId'), '--job'],
    [issue('path', '/buildId'), '--build'],
  ])('%j is %s', (given, flag) => {
    expect(flagOf(given)).toBe(flag);
  });
});
