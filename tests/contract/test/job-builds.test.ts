// Reading and aborting a build, judged by the Prism mock of the contract: the client's requests
// break no rule of the contract, the client returns the documented examples, and every
// documented status of the two operations comes back as the right error class.
import {
  ApiError,
  createClient,
  type JobBuildDetails,
  RateLimitError,
  waitForJobBuild,
} from '@start-job-build/client';
import { describe, expect, it } from 'vitest';
import {
  deref,
  ERROR_CLASSES,
  type Exchange,
  PATH_PARAMS,
  prismUrl,
  recordingFetch,
  spec,
  TOKEN,
} from './support.js';

const BUILD_ID = 'joyous-view-6290';
const BUILD_URL = `/v1/projects/default-project/jobs/nightly-report/build/${BUILD_ID}`;
const pathItem = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}'];

const exampleOf = (operation: { responses: Record<string, unknown> }) =>
  // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is read generically.
  Object.values((deref(operation.responses['200']) as any).content['application/json'].examples).map(deref)[0]
    .value.data;

// Retries after a 5xx happen (reading and aborting are safe to repeat); keep their backoff short.
const clientFor = (recorder: ReturnType<typeof recordingFetch>, maxRetries?: number) =>
  createClient({
    token: TOKEN,
    baseUrl: prismUrl(),
    fetch: recorder.fetch,
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });

function expectConforming(exchange: Exchange | undefined, method: string) {
  expect(exchange?.violations).toBeNull();
  expect(exchange?.method).toBe(method);
  expect(new URL(exchange?.url ?? 'http://x').pathname).toBe(BUILD_URL);
  expect(exchange?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  expect(exchange?.body).toBe('');
}

const operations = [
  {
    name: 'getJobBuild',
    method: 'GET',
    operation: pathItem.get,
    call: (client: ReturnType<typeof createClient>) => client.getJobBuild(PATH_PARAMS, BUILD_ID),
  },
  {
    name: 'abortJobBuild',
    method: 'DELETE',
    operation: pathItem.delete,
    call: (client: ReturnType<typeof createClient>) => client.abortJobBuild(PATH_PARAMS, BUILD_ID),
  },
];

describe('getJobBuild', () => {
  it('sends a request Prism accepts, and returns the example build', async () => {
    const recorder = recordingFetch();
    const build: JobBuildDetails = await clientFor(recorder).getJobBuild(PATH_PARAMS, BUILD_ID);
    expect(build).toEqual(exampleOf(pathItem.get));
    expect(build.status).toBe('SUCCESS');
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'GET');
    expect(recorder.exchanges[0]?.status).toBe(200);
  });

  it('is what waitForJobBuild polls: the example build has concluded, so one poll is enough', async () => {
    const recorder = recordingFetch();
    const build = await waitForJobBuild(clientFor(recorder), PATH_PARAMS, BUILD_ID, { throwOnFailure: true });
    expect(build).toEqual(exampleOf(pathItem.get));
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'GET');
  });
});

describe('abortJobBuild', () => {
  it('sends a request Prism accepts, and resolves once the abort was accepted', async () => {
    const recorder = recordingFetch();
    await expect(clientFor(recorder).abortJobBuild(PATH_PARAMS, BUILD_ID)).resolves.toBeUndefined();
    expect(exampleOf(pathItem.delete)).toEqual({});
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'DELETE');
    expect(recorder.exchanges[0]?.status).toBe(200);
  });
});

describe.each(operations)('documented statuses of $name', ({ method, operation, call }) => {
  const documented = Object.keys(operation.responses).filter((status) => status !== '200');

  it('has an expected error class for every error status the spec documents', () => {
    expect(documented.length).toBeGreaterThanOrEqual(6);
    for (const status of documented) expect(ERROR_CLASSES[status], status).toBeDefined();
  });

  it.each(documented)('turns a %s from the mock into its error class', async (status) => {
    const recorder = recordingFetch(`code=${status}`);
    // A 429 would be waited out for the mock's Retry-After (120 s): no retries for it.
    const error = await call(clientFor(recorder, status === '429' ? 0 : undefined)).then(
      () => {
        throw new Error(`expected a ${status} error`);
      },
      (caught: unknown) => caught,
    );

    const ErrorClass = ERROR_CLASSES[status] as typeof ApiError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(Number(status));
    // A 5xx is retried (maxRetries 2: three attempts), since these requests are safe to repeat;
    // no other status is.
    const attempts = status === '500' ? 3 : 1;
    expect(recorder.exchanges.map((e) => e.status)).toEqual(Array(attempts).fill(Number(status)));
    for (const exchange of recorder.exchanges) expectConforming(exchange, method);
    const example = Object.values(
      deref(operation.responses[status]).content['application/json'].examples ?? {},
    ).map(deref)[0] as { value: { error: { message: string; id?: string } } } | undefined;
    if (example) {
      expect(apiError.message).toContain(example.value.error.message);
      expect(apiError.id).toBe(example.value.error.id);
    }
    // Reading or aborting cannot start a build, and the error does not say it might have.
    expect(apiError.message).not.toMatch(/may or may not have started/);
    expect(apiError.message).not.toContain(TOKEN);
    if (error instanceof RateLimitError) {
      const headers = recorder.exchanges[0]?.responseHeaders as Headers;
      expect(error.retryAfterMs).toBe(Number(headers.get('retry-after')) * 1000);
      expect(error.rateLimit.remaining).toBe(Number(headers.get('x-ratelimit-remaining')));
    }
  });
});
