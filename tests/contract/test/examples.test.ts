// The client against a Prism mock of the contract: every body a user is expected to send is
// accepted by the mock without a single violation, and every documented status comes back as
// the right error class.
import {
  ApiError,
  createClient,
  type JobBuild,
  RateLimitError,
  type StartJobBuildRequest,
} from '@start-job-build/client';
import { describe, expect, it } from 'vitest';
import {
  deref,
  ERROR_CLASSES,
  type Exchange,
  OPERATION_URL,
  operation,
  PATH_PARAMS,
  prismUrl,
  recordingFetch,
  spec,
  TOKEN,
} from './support.js';

const examples = spec.components.examples;
const seedOverrides = examples.StartWithOverrides.value.overrides;
const exampleBuild: JobBuild = deref(
  operation.responses['200'].content['application/json'].examples.buildStarted,
).value.data;

const bodies: [string, StartJobBuildRequest | undefined][] = [
  ['the seed example with the current settings', examples.StartWithCurrentSettings.value],
  ['the seed example with overrides', examples.StartWithOverrides.value],
  ...Object.keys(seedOverrides).map((key): [string, StartJobBuildRequest] => [
    `only overrides.${key}`,
    { overrides: { [key]: seedOverrides[key] } },
  ]),
  ['only overrides.docker.dockerfileTarget', { overrides: { docker: { dockerfileTarget: 'production' } } }],
  ['empty overrides', { overrides: {} }],
  ['an empty body', {}],
  ['no body', undefined],
];

describe('bodies the contract allows', () => {
  it('covers each override of the seed example on its own', () => {
    expect(Object.keys(seedOverrides).sort()).toEqual([
      'buildArguments',
      'buildFiles',
      'docker',
      'dockerSecretMounts',
    ]);
  });

  it.each(bodies)(
    '%s: Prism reports no violation and the client returns its example build',
    async (_, body) => {
      const recorder = recordingFetch();
      const client = createClient({ token: TOKEN, baseUrl: prismUrl(), fetch: recorder.fetch });

      const build: JobBuild = await client.startJobBuild(PATH_PARAMS, body);

      expect(build).toEqual(exampleBuild);
      expect(recorder.exchanges).toHaveLength(1);
      const [exchange] = recorder.exchanges as [Exchange];
      expect(exchange.violations).toBeNull();
      expect(exchange.status).toBe(200);
      expect(exchange.method).toBe('POST');
      expect(new URL(exchange.url).pathname).toBe(OPERATION_URL);
      expect(exchange.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      if (body === undefined) expect(exchange.body).toBe('');
      else expect(JSON.parse(exchange.body)).toEqual(body);
    },
  );
});

describe('documented error statuses', () => {
  it('has an expected error class for every error status the spec documents', () => {
    const documented = Object.keys(operation.responses).filter((status) => status !== '200');
    expect(documented.sort()).toEqual(Object.keys(ERROR_CLASSES).sort());
  });

  it('returns the build for Prefer: code=200', async () => {
    const recorder = recordingFetch('code=200');
    const client = createClient({ token: TOKEN, baseUrl: prismUrl(), fetch: recorder.fetch });
    expect(await client.startJobBuild(PATH_PARAMS, {})).toEqual(exampleBuild);
    expect(recorder.exchanges.map((e) => e.status)).toEqual([200]);
  });

  it.each(Object.entries(ERROR_CLASSES))('turns a %s from the mock into %O', async (status, ErrorClass) => {
    const recorder = recordingFetch(`code=${status}`);
    // A 429 would be retried after the mock's Retry-After (120 s); every other status must
    // not be retried at all by the default policy.
    const client = createClient({
      token: TOKEN,
      baseUrl: prismUrl(),
      fetch: recorder.fetch,
      ...(status === '429' ? { maxRetries: 0 } : {}),
    });

    const error = await client.startJobBuild(PATH_PARAMS, examples.StartWithCurrentSettings.value).then(
      () => {
        throw new Error(`expected a ${status} error`);
      },
      (caught: unknown) => caught,
    );

    expect(recorder.exchanges.map((e) => e.status)).toEqual([Number(status)]);
    const [exchange] = recorder.exchanges as [Exchange];
    expect(exchange.violations).toBeNull();
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(Number(status));
    const documented = deref(operation.responses[status]);
    const example = Object.values(documented.content['application/json'].examples ?? {}).map(deref)[0] as
      | { value: { error: { message: string; id?: string } } }
      | undefined;
    if (example) {
      expect(apiError.message).toContain(example.value.error.message);
      expect(apiError.id).toBe(example.value.error.id);
    }
    expect(apiError.message).not.toContain(TOKEN);
    if (error instanceof RateLimitError) {
      const headers = exchange.responseHeaders;
      expect(error.retryAfterMs).toBe(Number(headers.get('retry-after')) * 1000);
      expect(error.rateLimit).toEqual({
        limit: Number(headers.get('x-ratelimit-limit')),
        remaining: Number(headers.get('x-ratelimit-remaining')),
        reset: Number(headers.get('x-ratelimit-reset')),
      });
    }
  });
});
