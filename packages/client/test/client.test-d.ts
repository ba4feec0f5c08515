// Type-level tests of the public API (vitest typecheck).
import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiError,
  type ClientOptions,
  createClient,
  type JobBuild,
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
        onTimeout: false,
        onConnectionLost: false,
        on5xx: false,
        initialDelayMs: 1,
        maxDelayMs: 2,
        maxRetryAfterMs: 3,
      },
      userAgent: 'me/1',
      validateRequests: true,
      logger: console,
    } satisfies ClientOptions);
    // @ts-expect-error unknown option
    createClient({ tokn: 't' });
    // @ts-expect-error timeoutMs is a number
    createClient({ timeoutMs: '30s' });
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
