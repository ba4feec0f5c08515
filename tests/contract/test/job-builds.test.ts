// Reading, listing and aborting builds, judged by the Prism mock of the contract: the client's
// requests break no rule of the contract, the client returns the documented examples, and every
// documented status of the three operations comes back as the right error class.
import {
  ApiError,
  createClient,
  type JobBuildDetails,
  RateLimitError,
  ValidationError,
  waitForJobBuild,
} from '@start-job-build/client';
import type { JobBuildPage } from '@start-job-build/types';
import { describe, expect, it } from 'vitest';
import {
  deref,
  ERROR_CLASSES,
  type Exchange,
  OPERATION_URL,
  PATH_PARAMS,
  prismUrl,
  recordingFetch,
  spec,
  TOKEN,
} from './support.js';

const BUILD_ID = 'joyous-view-6290';
const BUILD = { ...PATH_PARAMS, buildId: BUILD_ID };
const BUILD_URL = `/v1/projects/default-project/jobs/nightly-report/build/${BUILD_ID}`;
const pathItem = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}'];
const listOperation = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].get;

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

/** Prism found no violation in a bodiless, authenticated request to `path` (with `search`). */
function expectConforming(exchange: Exchange | undefined, method: string, path = BUILD_URL, search = '') {
  expect(exchange?.violations).toBeNull();
  expect(exchange?.method).toBe(method);
  const url = new URL(exchange?.url ?? 'http://x');
  expect(url.pathname).toBe(path);
  expect(url.search).toBe(search);
  expect(exchange?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  expect(exchange?.body).toBe('');
}

const operations = [
  {
    name: 'getJobBuild',
    method: 'GET',
    operation: pathItem.get,
    path: BUILD_URL,
    search: '',
    call: (client: ReturnType<typeof createClient>) => client.getJobBuild(BUILD),
  },
  {
    name: 'abortJobBuild',
    method: 'DELETE',
    operation: pathItem.delete,
    path: BUILD_URL,
    search: '',
    call: (client: ReturnType<typeof createClient>) => client.abortJobBuild(BUILD),
  },
  {
    name: 'listJobBuilds',
    method: 'GET',
    operation: listOperation,
    path: OPERATION_URL,
    search: '?per_page=20',
    call: (client: ReturnType<typeof createClient>) => client.listJobBuilds({ ...PATH_PARAMS, per_page: 20 }),
  },
];

describe('getJobBuild', () => {
  it('sends a request Prism accepts, and returns the example build', async () => {
    const recorder = recordingFetch();
    const build: JobBuildDetails = await clientFor(recorder).getJobBuild(BUILD);
    expect(build).toEqual(exampleOf(pathItem.get));
    expect(build.status).toBe('SUCCESS');
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'GET');
    expect(recorder.exchanges[0]?.status).toBe(200);
  });

  it('is what waitForJobBuild polls: the example build has concluded, so one poll is enough', async () => {
    const recorder = recordingFetch();
    const build = await waitForJobBuild(clientFor(recorder), BUILD, { throwOnFailure: true });
    expect(build).toEqual(exampleOf(pathItem.get));
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'GET');
  });
});

describe('abortJobBuild', () => {
  it('sends a request Prism accepts, and resolves once the abort was accepted', async () => {
    const recorder = recordingFetch();
    // The example's `data` is empty, and so is what the call resolves to.
    await expect(clientFor(recorder).abortJobBuild(BUILD)).resolves.toEqual({});
    expect(exampleOf(pathItem.delete)).toEqual({});
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'DELETE');
    expect(recorder.exchanges[0]?.status).toBe(200);
  });
});

describe('listJobBuilds', () => {
  it('sends a request with per_page that Prism accepts, and returns the example page', async () => {
    const recorder = recordingFetch();
    const page: JobBuildPage = await clientFor(recorder).listJobBuilds({ ...PATH_PARAMS, per_page: 20 });
    expect(page).toEqual(exampleOf(listOperation));
    expect(Object.keys(page).sort()).toEqual(['builds', 'pagination']);
    expect(page.builds.length).toBeGreaterThan(0);
    expect(typeof page.pagination.hasNextPage).toBe('boolean');
    expect(recorder.exchanges).toHaveLength(1);
    expectConforming(recorder.exchanges[0], 'GET', OPERATION_URL, '?per_page=20');
    expect(recorder.exchanges[0]?.status).toBe(200);
  });

  it('sends every query parameter Prism knows, the cursor encoded, without a violation', async () => {
    const recorder = recordingFetch();
    const { pagination } = exampleOf(listOperation);
    const cursor = `${pagination.cursor}/+ &=?`;
    await clientFor(recorder).listJobBuilds({ ...PATH_PARAMS, per_page: 100, page: 2, cursor });
    expect(recorder.exchanges).toHaveLength(1);
    const search = `?per_page=100&page=2&cursor=${encodeURIComponent(cursor)}`;
    expectConforming(recorder.exchanges[0], 'GET', OPERATION_URL, search);
    expect(new URL(recorder.exchanges[0]?.url ?? '').searchParams.get('cursor')).toBe(cursor);
  });

  it.each([0, 101, 2.5])(
    'refuses per_page %s before sending, as Prism refuses it (so the check above can fail)',
    async (perPage) => {
      const recorder = recordingFetch();
      const error = await clientFor(recorder)
        .listJobBuilds({ ...PATH_PARAMS, per_page: perPage })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => `${i.in} ${i.pointer}`)).toEqual([
        'query /per_page',
      ]);
      expect(recorder.exchanges).toEqual([]);

      const response = await fetch(`${prismUrl()}${OPERATION_URL}?per_page=${perPage}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(400);
      expect(response.headers.get('sl-violations')).toContain('per_page');
    },
  );
});

describe.each(operations)('documented statuses of $name', ({ method, operation, path, search, call }) => {
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
    for (const exchange of recorder.exchanges) expectConforming(exchange, method, path, search);
    const example = Object.values(
      deref(operation.responses[status]).content['application/json'].examples ?? {},
    ).map(deref)[0] as { value: { error: { message: string; id?: string } } } | undefined;
    if (example) {
      expect(apiError.message).toContain(example.value.error.message);
      expect(apiError.id).toBe(example.value.error.id);
    }
    // Reading, listing or aborting cannot start a build, and the error does not say it might have.
    expect(apiError.message).not.toMatch(/may or may not have started/);
    expect(apiError.message).not.toContain(TOKEN);
    if (error instanceof RateLimitError) {
      const headers = recorder.exchanges[0]?.responseHeaders as Headers;
      expect(error.retryAfterMs).toBe(Number(headers.get('retry-after')) * 1000);
      expect(error.rateLimit.remaining).toBe(Number(headers.get('x-ratelimit-remaining')));
    }
  });
});
