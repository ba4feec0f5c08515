// The four commands, on @start-job-build/client. This module (and the client with it) is only
// loaded when a command runs, so that `--help` and `--version` start fast.

import {
  AbortError,
  ApiError,
  AuthenticationError,
  type ClientOptions,
  ConnectionError,
  createClient,
  InternalServerError,
  type JobBuild,
  type JobBuildDetails,
  MissingTokenError,
  NotFoundError,
  RateLimitError,
  type StartJobBuildClient,
  startJobBuildAndWait,
  ValidationError,
  type ValidationIssue,
  type WaitForJobBuildOptions,
  WaitTimeoutError,
  waitForJobBuild,
} from '@start-job-build/client';
import type { CommandOptions } from './args.js';
import { startBody } from './body.js';
import { formatDuration } from './duration.js';
import { type BuildOutcome, reportToGitHub } from './github.js';
import { createScrubber, Output, oneLine, Progress, type Stream } from './output.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

export const EXIT = { ok: 0, buildFailed: 1, usage: 2, api: 3, waitTimeout: 4 } as const;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
const MISSING_TOKEN =
  'NORTHFLANK_API_TOKEN is not set. Set it to a Northflank API token (it is never taken from a flag). Nothing was sent.';

/** Where a command reads and writes; the real process by default. */
export interface Io {
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

type Build = JobBuild | JobBuildDetails;

const escapeless = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const PARAM_FLAGS: Record<string, string> = { projectId: '--project', jobId: '--job', buildId: '--build' };
const DOCKER_FLAGS: Record<string, string> = {
  dockerFilePath: '--docker-file',
  dockerWorkDir: '--docker-work-dir',
  dockerfileTarget: '--docker-target',
};
const GROUP_FLAGS: Record<string, string> = {
  buildArguments: '--build-arg',
  buildFiles: '--build-file',
  dockerSecretMounts: '--secret-mount',
};

/** The flag a validation issue is about: `/overrides/docker/dockerFilePath` is --docker-file. */
export function flagOf(issue: ValidationIssue): string {
  const [top, group, key] = issue.pointer.split('/').slice(1).map(escapeless);
  if (issue.in !== 'body') return PARAM_FLAGS[top ?? ''] ?? `${issue.in} parameter ${issue.pointer}`;
  if (top === 'sha') return '--sha';
  if (top === 'overrides' && group === 'docker' && key && DOCKER_FLAGS[key]) return DOCKER_FLAGS[key];
  if (top === 'overrides' && group && GROUP_FLAGS[group] && key !== undefined)
    return `${GROUP_FLAGS[group]} ${key}`;
  return `the request body at ${issue.pointer || '/'}`;
}

const succeeded = (build: JobBuildDetails) =>
  build.success === true || (build.success === undefined && build.status === 'SUCCESS');

/** A concluded build's exit code and line; the line is the result, so it goes to stdout. */
function concluded(
  output: Output,
  options: CommandOptions,
  build: JobBuildDetails,
  waited: string,
): BuildOutcome & { code: number } {
  const ok = succeeded(build);
  const status = build.status ?? 'unknown';
  const why = build.message ? `: ${oneLine(build.message)}` : '';
  const outcome = ok ? `succeeded (${status})` : `concluded without success (${status}${why})`;
  if (options.json) output.json(build);
  else output.out(`Build ${build.id} ${outcome} after ${waited} of waiting.`);
  return {
    ...where(options, build.id),
    status,
    success: ok,
    outcome,
    waited,
    code: ok ? EXIT.ok : EXIT.buildFailed,
  };
}

const where = ({ projectId, jobId }: CommandOptions, buildId: string) => ({ projectId, jobId, buildId });

/** A word as a POSIX shell reads it back: as it is when it is plain, otherwise in single quotes. */
const shellWord = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;

/**
 * The command that follows the build later, with the same API address: without `--base-url`
 * it would go to api.northflank.com. (A base URL never holds credentials: the client refuses them.)
 */
export const followUp = ({ projectId, jobId, baseUrl }: CommandOptions, buildId: string) =>
  ['job-build', 'wait', '--project', projectId, '--job', jobId, '--build', buildId]
    .concat(baseUrl === undefined ? [] : ['--base-url', baseUrl])
    .map(shellWord)
    .join(' ');

/**
 * Whether to suggest following the build later (`followUp`), given the error that ended the
 * wait. A timed-out or interrupted wait always gets it: nothing failed, the build goes on. A
 * failed poll gets it only for the failures the client's wait rides out itself (network
 * failures, 5xx, 429), which may pass; anything else (401, 403, 404, a request the API or the
 * client refuses) would end the next wait the same way. A failed abort gets it unless its
 * error would meet the next wait's polls too: a refused token (401) or a build not found (404).
 */
function followingMayWork(error: unknown, during: 'poll' | 'abort'): boolean {
  if (during === 'abort') return !(error instanceof AuthenticationError || error instanceof NotFoundError);
  return (
    error instanceof ConnectionError ||
    error instanceof InternalServerError ||
    error instanceof RateLimitError
  );
}

interface Context {
  options: CommandOptions;
  io: Io;
  output: Output;
  client: StartJobBuildClient;
  signal: AbortSignal;
  token: string;
  /** The signal that interrupted job-build, once one has. */
  interruptedBy: () => string | undefined;
}

async function start(context: Context, body: unknown): Promise<number> {
  const { options, output, client, signal, io } = context;
  const params = { projectId: options.projectId, jobId: options.jobId };
  if (!options.wait) {
    const build = await client.startJobBuild(params, body as never, { signal });
    if (options.json) output.json(build);
    else output.out(`Started build ${build.id} (${oneLine(build.status ?? 'status unknown')}).`);
    reportToGitHub(io.env, output, { ...where(options, build.id), status: build.status, outcome: 'started' });
    return EXIT.ok;
  }
  let started: JobBuild | undefined;
  let progress: Progress | undefined;
  try {
    const build = await startJobBuildAndWait(client, params, body as never, {
      ...waitOptions(options, signal),
      onStarted: (build) => {
        started = build;
        output.err(`Started build ${build.id} of job ${options.jobId} in project ${options.projectId}.`);
        progress = new Progress(output, build.id);
        progress.update(build.status ?? 'started');
      },
      onStatus: (status) => progress?.update(status),
    });
    progress?.stop();
    return finish(context, concluded(output, options, build, progress?.elapsed() ?? '0s'));
  } catch (error) {
    progress?.stop();
    if (!started) throw error;
    return stoppedWaiting(context, error, started, progress?.elapsed() ?? '0s');
  }
}

async function wait(context: Context): Promise<number> {
  const { options, output, client, signal } = context;
  const buildId = options.buildId as string;
  // The client would refuse the first poll; say so before announcing a wait.
  if (!context.token) throw new UsageError(MISSING_TOKEN);
  const progress = new Progress(output, buildId);
  if (!progress.live)
    output.err(`Waiting for build ${buildId} of job ${options.jobId} in project ${options.projectId}.`);
  try {
    const build = await waitForJobBuild(
      client,
      { projectId: options.projectId, jobId: options.jobId, buildId },
      { ...waitOptions(options, signal), onStatus: (status) => progress.update(status) },
    );
    progress.stop();
    return finish(context, concluded(output, options, build, progress.elapsed()));
  } catch (error) {
    progress.stop();
    if (exitCodeOf(error) === EXIT.usage) throw error;
    return stoppedWaiting(context, error, undefined, progress.elapsed(), buildId);
  }
}

function waitOptions(options: CommandOptions, signal: AbortSignal): WaitForJobBuildOptions {
  const interval = options.pollIntervalMs;
  return {
    signal,
    timeoutMs: options.timeoutMs,
    // A given interval is kept; by default the client's interval grows from 5 s to 30 s.
    ...(interval === undefined ? {} : { pollIntervalMs: interval, maxPollIntervalMs: interval }),
  };
}

function finish(context: Context, outcome: BuildOutcome & { code: number }): number {
  reportToGitHub(context.io.env, context.output, outcome);
  return outcome.code;
}

/** The wait ended without a final status: time ran out, job-build was interrupted, or a poll failed. */
async function stoppedWaiting(
  context: Context,
  error: unknown,
  started: JobBuild | undefined,
  waited: string,
  buildId = started?.id as string,
): Promise<number> {
  const { options, output, client } = context;
  const report = (last: Build | undefined, outcome: string) =>
    reportToGitHub(context.io.env, output, {
      ...where(options, buildId),
      status: last?.status,
      outcome,
      waited,
    });
  if (error instanceof WaitTimeoutError) {
    const last: Build | undefined = error.build ?? started;
    output.err(
      `job-build: stopped waiting for build ${buildId} after ${formatDuration(error.timeoutMs)} (--timeout); ` +
        `last status: ${oneLine(last?.status ?? 'unknown')}. The build goes on; follow it with: ${followUp(options, buildId)}`,
    );
    if (options.json && last) output.json(last);
    report(last, 'still running: the wait timed out');
    return EXIT.waitTimeout;
  }
  const signalName = context.interruptedBy();
  if (error instanceof AbortError && signalName) {
    let outcome = 'still running: the wait was interrupted';
    if (options.abortOnCancel) {
      try {
        // One attempt: an interrupted program should settle within one request timeout.
        await client.abortJobBuild(
          { projectId: options.projectId, jobId: options.jobId, buildId },
          { maxRetries: 0 },
        );
        outcome = 'aborted: the wait was interrupted';
        output.err(`job-build: interrupted (${signalName}); build ${buildId} was aborted.`);
      } catch (abortError) {
        outcome = 'the wait was interrupted and aborting failed';
        const follow = followingMayWork(abortError, 'abort') ? `: ${followUp(options, buildId)}` : '.';
        output.err(
          `job-build: interrupted (${signalName}); aborting build ${buildId} failed (${describe(abortError)}). ` +
            `It may still be running${follow}`,
        );
      }
    } else {
      output.err(
        `job-build: interrupted (${signalName}); stopped waiting. Build ${buildId} goes on; follow it with: ${followUp(options, buildId)}`,
      );
    }
    report(started, outcome);
    return SIGNAL_EXIT[signalName] ?? EXIT.api;
  }
  // A poll failed, more often than the wait tolerates or in a way it does not ride out at all:
  // the build may still run, but a command to follow it only helps if trying again can work.
  output.err(`job-build: ${describe(error)}`);
  output.err(
    followingMayWork(error, 'poll')
      ? `job-build: stopped waiting for build ${buildId}; it may still be running: ${followUp(options, buildId)}`
      : `job-build: stopped waiting for build ${buildId}${started ? '; it may still be running' : ''}. ` +
          'Waiting again would fail the same way until the error above is fixed.',
  );
  report(started, 'unknown: the wait failed');
  return exitCodeOf(error);
}

async function get(context: Context): Promise<number> {
  const { options, output, client, signal, io } = context;
  const params = { projectId: options.projectId, jobId: options.jobId, buildId: options.buildId as string };
  const build = await client.getJobBuild(params, { signal });
  const done = build.concluded === true;
  if (options.json) output.json(build);
  else {
    const fields: [string, unknown][] = [
      ['status', build.status],
      ['concluded', build.concluded],
      ['success', done ? build.success : undefined],
      ['message', build.message],
      ['sha', build.sha],
      ['branch', build.branch],
      ['created', build.createdAt],
      ['concluded at', build.buildConcludedAt ? new Date(build.buildConcludedAt).toISOString() : undefined],
    ];
    output.out(`Build ${build.id}`);
    for (const [name, value] of fields) {
      if (value !== undefined && value !== null)
        output.out(`  ${`${name}:`.padEnd(14)}${oneLine(String(value))}`);
    }
  }
  const success = done ? succeeded(build) : undefined;
  reportToGitHub(io.env, output, {
    ...where(options, build.id),
    status: build.status,
    success,
    outcome: done ? (success ? 'succeeded' : 'concluded without success') : 'running',
  });
  return EXIT.ok;
}

async function abort(context: Context): Promise<number> {
  const { options, output, client, signal, io } = context;
  const buildId = options.buildId as string;
  const result = await client.abortJobBuild(
    { projectId: options.projectId, jobId: options.jobId, buildId },
    { signal },
  );
  if (options.json) output.json(result ?? {});
  else output.out(`Abort of build ${buildId} accepted.`);
  reportToGitHub(io.env, output, { ...where(options, buildId), outcome: 'abort requested' });
  return EXIT.ok;
}

/** The message of any error, on one line; the client's messages already say what to do. */
function describe(error: unknown): string {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (error instanceof ApiError) {
    const request = error.requestId ? ` [request id ${oneLine(error.requestId)}]` : '';
    // The client names createClient({ token }) as the source; here the token has one source.
    if (error instanceof AuthenticationError)
      return `API error ${error.status}: the token in NORTHFLANK_API_TOKEN was refused; it may be wrong, expired or revoked${request}`;
    return `API error ${message}${request}`;
  }
  return message;
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof MissingTokenError) {
    return EXIT.usage;
  }
  return EXIT.api;
}

/** Runs one command; resolves to the exit code. Never throws. */
export async function run(options: CommandOptions, io: Io): Promise<number> {
  const output = new Output(io.stdout, io.stderr);
  const controller = new AbortController();
  let interruptedBy: string | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (interruptedBy) {
      // A second interrupt does not wait for anything.
      io.stderr.write(`job-build: ${name} again, exiting now.\n`);
      process.exit(SIGNAL_EXIT[name] ?? 1);
    }
    interruptedBy = name;
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { body, secrets } =
      options.command === 'start'
        ? await startBody(options.start, io.env, io.cwd)
        : { body: undefined, secrets: [] };
    const token = io.env.NORTHFLANK_API_TOKEN?.trim() ?? '';
    output.scrub = createScrubber([token, ...secrets]);
    const client = makeClient(options, token, output);
    const context: Context = {
      options,
      io,
      output,
      client,
      token,
      signal: controller.signal,
      interruptedBy: () => interruptedBy,
    };
    if (options.command === 'start') return await start(context, body);
    if (options.command === 'wait') return await wait(context);
    if (options.command === 'get') return await get(context);
    return await abort(context);
  } catch (error) {
    return failed(output, error, options, interruptedBy);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function makeClient(options: CommandOptions, token: string, output: Output): StartJobBuildClient {
  // The client checks the token only when a request is about to go; a token that cannot be
  // sent in a header is a usage error here, before the body is even validated.
  try {
    new Headers({ authorization: `Bearer ${token}` });
  } catch {
    throw new UsageError('NORTHFLANK_API_TOKEN contains characters that cannot be sent in an HTTP header');
  }
  const ignore = () => {};
  const warn = (message: string) => output.err(`job-build: warning: ${oneLine(String(message))}`);
  const clientOptions: ClientOptions = {
    // Only this variable: the empty string keeps the client from looking anywhere else.
    token,
    userAgent: `job-build/${VERSION}`,
    logger: {
      debug: options.verbose
        ? (message: string) => output.err(`job-build: ${oneLine(String(message))}`)
        : ignore,
      info: ignore,
      warn,
      error: warn,
    },
  };
  if (options.baseUrl !== undefined) clientOptions.baseUrl = options.baseUrl;
  try {
    return createClient(clientOptions);
  } catch (error) {
    if (error instanceof TypeError && /baseUrl/.test(error.message)) {
      throw new UsageError(
        '--base-url must be an absolute http(s) URL without credentials, query or fragment',
      );
    }
    throw error;
  }
}

function failed(
  output: Output,
  error: unknown,
  options: CommandOptions,
  interruptedBy: string | undefined,
): number {
  if (error instanceof UsageError) {
    output.err(`job-build: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof ValidationError) {
    output.err('job-build: invalid request, nothing was sent:');
    for (const issue of error.issues) output.err(`  ${flagOf(issue)}: ${oneLine(issue.message)}`);
    return EXIT.usage;
  }
  if (error instanceof MissingTokenError) {
    output.err(`job-build: ${MISSING_TOKEN}`);
    return EXIT.usage;
  }
  if (error instanceof AbortError && interruptedBy) {
    const starting = options.command === 'start';
    const what = !starting
      ? 'the request was cancelled'
      : error.buildMayHaveStarted
        ? 'the build may or may not have started; check the job on Northflank before starting it again'
        : 'no build was started';
    output.err(`job-build: interrupted (${interruptedBy}); ${what}.`);
    return SIGNAL_EXIT[interruptedBy] ?? EXIT.api;
  }
  output.err(`job-build: ${describe(error)}`);
  return exitCodeOf(error);
}
