// The command line: which command, which flags, read with node:util's parseArgs. Every
// mistake is a UsageError (exit code 2) that names the flag; values are never quoted back,
// since a misplaced one may be a secret.

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isNegativeDuration, negativeDuration, parseDuration } from './duration.js';
import { UsageError } from './usage-error.js';

export const COMMANDS = ['start', 'get', 'wait', 'abort'] as const;
export type Command = (typeof COMMANDS)[number];

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  project: { type: 'string' },
  job: { type: 'string' },
  json: { type: 'boolean' },
  'base-url': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
const BUILD: Options = { build: { type: 'string' } };
const WAITING: Options = {
  timeout: { type: 'string' },
  'poll-interval': { type: 'string' },
  'abort-on-cancel': { type: 'boolean' },
};
const DURATION_FLAGS = ['timeout', 'poll-interval'];
const FLAGS: Record<Command, Options> = {
  start: {
    ...COMMON,
    sha: { type: 'string' },
    'build-arg': { type: 'string', multiple: true },
    'build-file': { type: 'string', multiple: true },
    'secret-mount': { type: 'string', multiple: true },
    'docker-file': { type: 'string' },
    'docker-work-dir': { type: 'string' },
    'docker-target': { type: 'string' },
    wait: { type: 'boolean' },
    ...WAITING,
  },
  get: { ...COMMON, ...BUILD },
  wait: { ...COMMON, ...BUILD, ...WAITING },
  abort: { ...COMMON, ...BUILD },
};

/** What `start` puts into the request body, as given on the command line. */
export interface StartFlags {
  sha?: string | undefined;
  buildArgs: string[];
  buildFiles: string[];
  secretMounts: string[];
  dockerFile?: string | undefined;
  dockerWorkDir?: string | undefined;
  dockerTarget?: string | undefined;
}

export interface CommandOptions {
  command: Command;
  projectId: string;
  jobId: string;
  /** get, wait and abort. */
  buildId?: string | undefined;
  json: boolean;
  baseUrl?: string | undefined;
  verbose: boolean;
  /** start --wait, and wait. */
  wait: boolean;
  timeoutMs?: number | undefined;
  pollIntervalMs?: number | undefined;
  abortOnCancel: boolean;
  start: StartFlags;
}

export type Invocation =
  | { kind: 'help'; command?: Command | undefined }
  | { kind: 'version' }
  | { kind: 'run'; options: CommandOptions };

const isCommand = (word: string | undefined): word is Command => COMMANDS.includes(word as Command);

/** The flag that a parseArgs error is about, as the user typed it (without any `=value`). */
function flagIn(error: Error): string {
  return /'(-[^' =]*)/.exec(error.message)?.[1] ?? 'an option';
}

function read(command: Command, args: string[]) {
  const options = FLAGS[command];
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    const { code } = error as { code?: string };
    const flag = flagIn(error as Error);
    const usage = `(see job-build ${command} --help)`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      if (/^--?(api-)?token$/.test(flag)) {
        throw new UsageError(
          `${flag} is not an option: the API token is read from NORTHFLANK_API_TOKEN only, so that it stays out of shell history and process lists`,
        );
      }
      throw new UsageError(`unknown option ${flag} for job-build ${command} ${usage}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = flag.replace(/^--/, '');
      // parseArgs takes `--timeout -5s` for a flag without its value, followed by an option;
      // the user meant a negative duration, which gets the same message as `--timeout=-5s`.
      const at = args.findIndex((arg, i) => arg === flag && args[i + 1]?.startsWith('-'));
      const next = args[at + 1];
      if (at !== -1 && DURATION_FLAGS.includes(name) && next !== undefined && isNegativeDuration(next)) {
        throw negativeDuration(next, flag);
      }
      const takesValue = options[name]?.type === 'string';
      throw new UsageError(takesValue ? `${flag} needs a value` : `${flag} takes no value`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(
        `unexpected argument: every value belongs to a flag, as in --build-arg KEY=VALUE ${usage}`,
      );
    }
    throw error;
  }
}

/** Reads the command line (without `node` and the script). */
export function parseCommandLine(argv: string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('a command is missing: start, get, wait or abort');
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) throw new UsageError('job-build help takes a command name');
    return { kind: 'help', command: topic };
  }
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (!isCommand(first)) {
    throw new UsageError(
      first.startsWith('-')
        ? `the command comes first: job-build <start|get|wait|abort> [flags] (see job-build --help)`
        : `unknown command "${first}": use start, get, wait or abort (see job-build --help)`,
    );
  }
  const command = first;
  const { values, tokens } = read(command, rest);
  if (values.help) return { kind: 'help', command };

  // parseArgs keeps the last of a repeated flag; a repeated single-value flag is a mistake.
  const seen = new Set<string>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || FLAGS[command][token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }

  const text = (name: string) => values[name] as string | undefined;
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  // Read before the other checks, as parseArgs already refused `--timeout -5s`: both forms of a
  // bad duration get the same message.
  const duration = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : parseDuration(value, `--${name}`);
  };
  const timeoutMs = duration('timeout');
  const pollIntervalMs = duration('poll-interval');
  const required = ['project', 'job', ...(command === 'start' ? [] : ['build'])];
  const missing = required.filter((name) => text(name) === undefined).map((name) => `--${name}`);
  if (missing.length > 0) {
    throw new UsageError(`${command} needs ${missing.join(', ')} (see job-build ${command} --help)`);
  }

  const wait = command === 'wait' || values.wait === true;
  if (!wait) {
    const waitOnly = ['timeout', 'poll-interval', 'abort-on-cancel'].filter(
      (name) => values[name] !== undefined,
    );
    if (waitOnly.length > 0) throw new UsageError(`--${waitOnly[0]} only applies with --wait`);
  }
  return {
    kind: 'run',
    options: {
      command,
      projectId: text('project') as string,
      jobId: text('job') as string,
      buildId: text('build'),
      json: values.json === true,
      baseUrl: text('base-url'),
      verbose: values.verbose === true,
      wait,
      timeoutMs,
      pollIntervalMs,
      abortOnCancel: values['abort-on-cancel'] === true,
      start: {
        sha: text('sha'),
        buildArgs: list('build-arg'),
        buildFiles: list('build-file'),
        secretMounts: list('secret-mount'),
        dockerFile: text('docker-file'),
        dockerWorkDir: text('docker-work-dir'),
        dockerTarget: text('docker-target'),
      },
    },
  };
}
