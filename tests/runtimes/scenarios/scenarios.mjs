// The same calls, run unchanged in every runtime under test (Node, Deno, Bun, workerd). Uses
// only what the client itself may use: fetch, AbortController and timers. Each scenario's
// outcome (a result or a description of the error) goes into one JSON-able object that the
// test compares across runtimes and against what the loopback server saw.
import * as sdk from '@start-job-build/client';

const { createClient } = sdk;

export const SHA = '262ed9817b3cad5142fbceabe0c9e371e390d616';
/** A build argument value that must never appear in anything the client reports. */
export const BUILD_ARGUMENT_SECRET = 'build-argument-secret-4b1d';
/**
 * The time limit of the timeout scenarios. The loopback server must have seen the request before it
 * runs out, so it leaves room for a loaded two-core machine running other test suites beside this one.
 */
export const TIMEOUT_MS = 1000;

/** The error classes an error is checked against (by instanceof, so class identity is tested too). */
const CLASSES = [
  'ApiError',
  'ConnectionError',
  'InternalServerError',
  'MissingTokenError',
  'NotFoundError',
  'RateLimitError',
  'StartJobBuildError',
  'TimeoutError',
  'ValidationError',
];

/** Everything an error shows: its fields, the classes it belongs to, and each way to print it. */
function describe(error) {
  if (!(error instanceof Error)) return { thrown: String(error) };
  return {
    name: error.name,
    message: error.message,
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: a test script; bundle size is no concern.
    instanceOf: CLASSES.filter((name) => error instanceof sdk[name]),
    status: error.status,
    id: error.id,
    details: error.details,
    requestId: error.requestId,
    retryAfterMs: error.retryAfterMs,
    rateLimit: error.rateLimit,
    code: error.code,
    buildMayHaveStarted: error.buildMayHaveStarted,
    issues: error.issues?.map((issue) => `${issue.in} ${issue.pointer} ${issue.message}`),
    printed: [String(error), JSON.stringify(error), String(error.cause?.message ?? '')],
  };
}

/**
 * Runs every scenario against `baseUrl` (the test's server, which answers according to the
 * project id) and `closedBaseUrl` (where nothing listens); `maxResponseBytes` is the cap of
 * the client that reads oversized bodies.
 */
export async function runScenarios({ baseUrl, closedBaseUrl, token, maxResponseBytes }) {
  const fast = { initialDelayMs: 5, maxDelayMs: 20 };
  const client = createClient({ token, baseUrl, userAgent: 'runtime-test/1.0', retry: fast });
  const at = (projectId, jobId = 'job') => ({ projectId, jobId });
  const build = (projectId) => ({ ...at(projectId), buildId: 'joyous-view-6290' });
  const results = {};
  const run = async (name, call) => {
    try {
      results[name] = { result: (await call()) ?? null };
    } catch (error) {
      results[name] = { error: describe(error) };
    }
  };

  await run('startWithCurrentSettings', () =>
    client.startJobBuild(at('ok', 'a job/with ?odd#chars'), { sha: SHA }),
  );
  await run('startWithOverrides', () =>
    client.startJobBuild(at('overrides'), {
      overrides: {
        buildArguments: { API_KEY: BUILD_ARGUMENT_SECRET },
        docker: { dockerFilePath: '/app/Dockerfile', dockerWorkDir: '/app' },
      },
    }),
  );
  await run('invalidBody', () =>
    client.startJobBuild(at('never'), {
      sha: 'abc',
      overrides: { docker: { dockerFilePath: 'Dockerfile' }, buildArguments: { X: 1 } },
    }),
  );
  await run('dotSegment', () => client.startJobBuild(at('..')));
  await run('notFound', () => client.startJobBuild(at('missing')));
  await run('rateLimitedThenStarted', () => client.startJobBuild(at('limited')));
  await run('rateLimitedTooLong', () => client.startJobBuild(at('limited-long')));
  await run('proxyErrorPage', () => client.startJobBuild(at('proxy-error')));
  await run('errorEchoingSecrets', () =>
    client.startJobBuild(at('echo'), { overrides: { buildArguments: { API_KEY: BUILD_ARGUMENT_SECRET } } }),
  );
  await run('timeout', () => client.startJobBuild(at('hang'), undefined, { timeoutMs: TIMEOUT_MS }));
  await run('stalledBody', () => client.startJobBuild(at('stall'), undefined, { timeoutMs: TIMEOUT_MS }));
  await run('callerAbort', () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    return client.startJobBuild(at('hang-abort'), undefined, { signal: controller.signal });
  });
  await run('connectionDropped', () => client.startJobBuild(at('drop')));
  // What the server cannot make the client do: follow a redirect to another origin (with the
  // token and the body), read a body without limit, or keep a call alive with a body that never ends.
  await run('redirect', () =>
    client.startJobBuild(at('redirect'), {
      overrides: { buildArguments: { API_KEY: BUILD_ARGUMENT_SECRET } },
    }),
  );
  await run('redirectRead', () => client.getJobBuild(build('redirect-read')));
  const capped = createClient({ token, baseUrl, maxResponseBytes, retry: fast });
  await run('tooLarge', () => capped.startJobBuild(at('too-large')));
  await run('tooLargeStream', () => capped.startJobBuild(at('too-large-stream')));
  await run('tooLargeGzip', () => capped.getJobBuild(build('too-large-gzip')));
  await run('endlessBody', () => client.startJobBuild(at('endless'), undefined, { timeoutMs: TIMEOUT_MS }));
  // The logger counts attempts: the server cannot see attempts that never connected.
  const attempts = [];
  const logger = { debug: (_line, entry) => attempts.push(entry.status), info() {}, warn() {}, error() {} };
  await run('connectionRefused', () =>
    createClient({ token, baseUrl: closedBaseUrl, maxRetries: 1, retry: fast, logger }).startJobBuild(
      at('closed'),
    ),
  );
  results.connectionRefusedAttempts = attempts.length;
  // No token passed, and none in the environment (or no permission to read it).
  await run('missingToken', () => createClient({ baseUrl }).startJobBuild(at('never')));
  await run('getJobBuild', () => client.getJobBuild(build('ok')));
  await run('abortJobBuild', () => client.abortJobBuild(build('ok')));
  await run('listJobBuilds', () =>
    client.listJobBuilds({ ...at('ok'), per_page: 20, cursor: 'next/page?=&' }),
  );
  await run('raw', async () => {
    const { data, response } = await client.raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: at('raw') },
      body: { sha: SHA },
    });
    return { status: response.status, id: data?.data.id };
  });
  return results;
}
