// Type-level tests of the public API (vitest typecheck).
import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiError,
  type ClientOptions,
  createClient,
  type JobBuild,
  type JobBuildDetails,
  type OperationData,
  type OperationParams,
  type paths,
  type RateLimitError,
  type RateLimitInfo,
  type RequestOptions,
  type StartJobBuildClient,
  type StartJobBuildRequest,
  type ValidationError,
  type ValidationIssue,
} from '../src/index.js';

const client = createClient({ token: 't' });
const params = { projectId: 'p', jobId: 'j' };

describe('createClient', () => {
  it('returns the client type and accepts every documented option', () => {
    expectTypeOf(client).toEqualTypeOf<StartJobBuildClient>();
    createClient();
    createClient({
      token: 't',
      baseUrl: 'https://api.northflank.com',
      fetch: globalThis.fetch,
      timeoutMs: 30_000,
      maxRetries: 2,
      retry: {
        initialDelayMs: 1,
        maxDelayMs: 2,
        maxRetryAfterMs: 3,
      },
      maxResponseBytes: 2 ** 20,
      userAgent: 'me/1',
      validateRequests: true,
      logger: console,
    } satisfies ClientOptions);
    // @ts-expect-error unknown option
    createClient({ tokn: 't' });
    // @ts-expect-error timeoutMs is a number
    createClient({ timeoutMs: '30s' });
    // @ts-expect-error maxResponseBytes is a number
    createClient({ maxResponseBytes: '1 MiB' });
    // @ts-expect-error fetch is a function
    createClient({ fetch: 42 });
  });

  it('no longer takes the retry opt-ins: the spec decides what may be re-sent', () => {
    // @ts-expect-error removed
    createClient({ retry: { onTimeout: true } });
    // @ts-expect-error removed
    createClient({ retry: { onConnectionLost: true } });
    // @ts-expect-error removed
    createClient({ retry: { on5xx: true } });
    // @ts-expect-error removed
    client.startJobBuild(params, undefined, { retry: { onTimeout: true } });
  });
});

describe('one method per operation of the spec', () => {
  const build = { projectId: 'p', jobId: 'j', buildId: 'b' };

  it('getJobBuild takes { projectId, jobId, buildId } and resolves to JobBuildDetails', () => {
    expectTypeOf(client.getJobBuild(build)).toEqualTypeOf<Promise<JobBuildDetails>>();
    client.getJobBuild(build, { signal: AbortSignal.timeout(1), timeoutMs: 5, maxRetries: 0 });
    expectTypeOf<Parameters<StartJobBuildClient['getJobBuild']>>().toEqualTypeOf<
      [params: { projectId: string; jobId: string; buildId: string }, options?: RequestOptions]
    >();
    // @ts-expect-error the build id is a parameter by name now, not a second argument
    client.getJobBuild(params, 'b');
    // @ts-expect-error buildId is required
    client.getJobBuild(params);
    // @ts-expect-error no body
    client.getJobBuild(build, {}, {});
  });

  it('abortJobBuild takes { projectId, jobId, buildId }; an empty 2xx resolves to undefined', () => {
    expectTypeOf(client.abortJobBuild(build)).toEqualTypeOf<Promise<Record<string, never> | undefined>>();
    // @ts-expect-error the build id is a parameter by name now, not a second argument
    client.abortJobBuild(params, 'b');
  });

  it('listJobBuilds takes path and query parameters by name and resolves to one page', async () => {
    const page = await client.listJobBuilds({ ...params, per_page: 20, page: 2, cursor: 'c' });
    expectTypeOf(page.builds).toEqualTypeOf<JobBuildDetails[]>();
    expectTypeOf(page.pagination.hasNextPage).toEqualTypeOf<boolean>();
    expectTypeOf(page.pagination.cursor).toEqualTypeOf<string | undefined>();
    client.listJobBuilds(params);
    // @ts-expect-error per_page is a number
    client.listJobBuilds({ ...params, per_page: '20' });
    // @ts-expect-error unknown query parameter
    client.listJobBuilds({ ...params, perPage: 20 });
  });

  it('exports the per-operation types', () => {
    expectTypeOf<OperationParams<'getJobBuild'>>().toEqualTypeOf<{
      projectId: string;
      jobId: string;
      buildId: string;
    }>();
    expectTypeOf<OperationData<'startJobBuild'>>().toEqualTypeOf<JobBuild>();
    expectTypeOf<OperationData<'getJobBuild'>>().toEqualTypeOf<JobBuildDetails>();
  });

  it('per-call options are those of RequestOptions only', () => {
    client.getJobBuild(build, { onResponse: (response) => expectTypeOf(response).toEqualTypeOf<Response>() });
    // @ts-expect-error not a per-call option
    client.getJobBuild(build, { maxResponseBytes: 10 });
  });
});

describe('startJobBuild', () => {
  it('resolves to JobBuild', () => {
    expectTypeOf(client.startJobBuild(params)).toEqualTypeOf<Promise<JobBuild>>();
    expectTypeOf<JobBuild['id']>().toEqualTypeOf<string>();
    expectTypeOf<JobBuild['pullRequestId']>().toEqualTypeOf<number | null | undefined>();
  });

  it('takes the spec body shapes and per-call options', () => {
    client.startJobBuild(params, {});
    client.startJobBuild(params, { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' });
    client.startJobBuild(params, {
      sha: '262ed9817b3cad5142fbceabe0c9e371e390d616',
      overrides: {
        buildArguments: { ARGUMENT_1: 'abcdef' },
        buildFiles: { '/dir/fileName': { data: 'eA==', encoding: 'utf-8' } },
        dockerSecretMounts: { 'example-secret-mount_1': { data: 'eA==', encoding: 'utf-8' } },
        docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/', dockerfileTarget: 'prod' },
      },
    });
    client.startJobBuild(params, undefined, { signal: AbortSignal.timeout(1), timeoutMs: 5, maxRetries: 0 });
    expectTypeOf<Parameters<StartJobBuildClient['startJobBuild']>[1]>().toEqualTypeOf<
      StartJobBuildRequest | undefined
    >();
    expectTypeOf<Parameters<StartJobBuildClient['startJobBuild']>[2]>().toEqualTypeOf<
      RequestOptions | undefined
    >();
  });

  it('refuses wrong body shapes', () => {
    // @ts-expect-error sha is a string
    client.startJobBuild(params, { sha: 262 });
    // @ts-expect-error overrides is an object
    client.startJobBuild(params, { overrides: 'none' });
    // @ts-expect-error unknown override
    client.startJobBuild(params, { overrides: { dockr: {} } });
    // @ts-expect-error docker paths are strings
    client.startJobBuild(params, { overrides: { docker: { dockerFilePath: 1 } } });
    // @ts-expect-error build argument values are strings
    client.startJobBuild(params, { overrides: { buildArguments: { PORT: 8080 } } });
    // @ts-expect-error a secret file needs its encoding
    client.startJobBuild(params, { overrides: { buildFiles: { '/f': { data: 'eA==' } } } });
    // @ts-expect-error unknown top-level key
    client.startJobBuild(params, { sha: 'x', branch: 'main' });
  });

  it('refuses missing path parameters', () => {
    // @ts-expect-error jobId is required
    client.startJobBuild({ projectId: 'p' });
    // @ts-expect-error path parameters are strings
    client.startJobBuild({ projectId: 'p', jobId: 1 });
  });
});

describe('raw', () => {
  it('is the openapi-fetch client typed with paths', () => {
    expectTypeOf(client.raw).toEqualTypeOf<Client<paths, 'application/json'>>();
  });

  it('types the response of the job build path', async () => {
    const { data } = await client.raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: params },
      body: { sha: 'x' },
    });
    expectTypeOf(data?.data).toEqualTypeOf<JobBuild | undefined>();
    // @ts-expect-error no such path
    client.raw.POST('/v1/projects/{projectId}/jobs', { params: { path: params } });
  });
});

describe('errors', () => {
  it('expose typed fields', () => {
    expectTypeOf<ApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ApiError['headers']>().toEqualTypeOf<Headers>();
    expectTypeOf<ApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RateLimitError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RateLimitError['rateLimit']>().toEqualTypeOf<RateLimitInfo>();
    expectTypeOf<ValidationError['issues']>().toEqualTypeOf<ValidationIssue[]>();
    expectTypeOf<RateLimitError>().toExtend<ApiError>();
  });
});
