// Type-level tests of reading, aborting and waiting for builds (vitest typecheck).

import type { JobBuildPage } from '@start-job-build/types';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BuildFailedError,
  createClient,
  FAILED_JOB_BUILD_STATUSES,
  FINAL_JOB_BUILD_STATUSES,
  type JobBuild,
  type JobBuildDetails,
  type JobBuildPathParams,
  type JobBuildStatus,
  type StartJobBuildAndWaitOptions,
  type StartJobBuildError,
  startJobBuildAndWait,
  type WaitForJobBuildOptions,
  type WaitTimeoutError,
  waitForJobBuild,
} from '../src/index.js';

const client = createClient({ token: 't' });
const params = { projectId: 'p', jobId: 'j' };
const build = { ...params, buildId: 'b' };

describe('getJobBuild and abortJobBuild', () => {
  it('resolve to the build details and to nothing', () => {
    expectTypeOf(client.getJobBuild(build)).toEqualTypeOf<Promise<JobBuildDetails>>();
    // An empty 2xx resolves to undefined, so the type must say so.
    expectTypeOf(client.abortJobBuild(build)).toEqualTypeOf<Promise<Record<string, never> | undefined>>();
    expectTypeOf<JobBuildDetails['status']>().toEqualTypeOf<JobBuildStatus | undefined>();
    expectTypeOf<JobBuildDetails['success']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<JobBuildDetails['message']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<JobBuildDetails['buildConcludedAt']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<JobBuildDetails>().toExtend<JobBuild>();
    expectTypeOf<JobBuildPathParams>().toEqualTypeOf<{ projectId: string; jobId: string; buildId: string }>();
  });

  it('take per-call options, onResponse included', () => {
    client.getJobBuild(build, {
      signal: AbortSignal.timeout(1),
      timeoutMs: 5,
      maxRetries: 0,
      onResponse: (response) => expectTypeOf(response).toEqualTypeOf<Response>(),
    });
    client.abortJobBuild(build, { maxRetries: 1 });
  });

  it('refuse wrong arguments', () => {
    // @ts-expect-error the build id is a string
    client.getJobBuild({ ...params, buildId: 42 });
    // @ts-expect-error the build id is required
    client.abortJobBuild(params);
    // @ts-expect-error jobId is required
    client.getJobBuild({ projectId: 'p', buildId: 'b' });
    // @ts-expect-error the build id is a parameter, not an argument of its own
    client.getJobBuild(params, 'b');
    // @ts-expect-error the build id is a parameter, not an argument of its own
    client.abortJobBuild(build, 'b');
  });
});

describe('listJobBuilds', () => {
  it('takes the path and query parameters in one object and resolves to one page', () => {
    expectTypeOf(client.listJobBuilds({ ...params, per_page: 20, cursor: 'abc' })).toEqualTypeOf<
      Promise<JobBuildPage>
    >();
    expectTypeOf(client.listJobBuilds(params, { maxRetries: 0 })).toEqualTypeOf<Promise<JobBuildPage>>();
    expectTypeOf<JobBuildPage['builds'][number]['id']>().toEqualTypeOf<string>();
    expectTypeOf<JobBuildPage['pagination']['hasNextPage']>().toEqualTypeOf<boolean>();
  });

  it('refuses wrong parameters', () => {
    // @ts-expect-error per_page is a number
    client.listJobBuilds({ ...params, per_page: '20' });
    // @ts-expect-error jobId is required
    client.listJobBuilds({ projectId: 'p' });
    // @ts-expect-error unknown query parameter
    client.listJobBuilds({ ...params, perPage: 20 });
  });
});

describe('waitForJobBuild', () => {
  it('resolves to the final build and takes every documented option', () => {
    const options = {
      signal: new AbortController().signal,
      pollIntervalMs: 5000,
      maxPollIntervalMs: 30_000,
      timeoutMs: 600_000,
      onStatus: (status: JobBuildStatus, build: JobBuildDetails) => console.log(status, build.id),
      throwOnFailure: true,
      abortOnCancel: true,
      abortOnTimeout: false,
      maxConsecutiveFailures: 10,
    } satisfies WaitForJobBuildOptions;
    expectTypeOf(waitForJobBuild(client, build, options)).toEqualTypeOf<Promise<JobBuildDetails>>();
    expectTypeOf(waitForJobBuild(client, build)).toEqualTypeOf<Promise<JobBuildDetails>>();
  });

  it('types the onStatus callback', () => {
    waitForJobBuild(client, build, {
      onStatus: (status, build) => {
        expectTypeOf(status).toEqualTypeOf<JobBuildStatus>();
        expectTypeOf(build).toEqualTypeOf<JobBuildDetails>();
      },
    });
  });

  it('refuses unknown or mistyped options', () => {
    // @ts-expect-error pollIntervalMs is a number
    waitForJobBuild(client, build, { pollIntervalMs: '5s' });
    // @ts-expect-error unknown option
    waitForJobBuild(client, build, { pollInterval: 5 });
    // @ts-expect-error the client comes first
    waitForJobBuild(build);
    // @ts-expect-error the build id is a parameter, not an argument of its own
    waitForJobBuild(client, params, 'b');
    // @ts-expect-error the build id is required
    waitForJobBuild(client, params);
  });
});

describe('startJobBuildAndWait', () => {
  it('takes the start body and the wait options, and resolves to the final build', () => {
    expectTypeOf(
      startJobBuildAndWait(client, params, { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' }),
    ).toEqualTypeOf<Promise<JobBuildDetails>>();
    startJobBuildAndWait(client, params, undefined, {
      throwOnFailure: true,
      onStarted: (build) => expectTypeOf(build).toEqualTypeOf<JobBuild>(),
    } satisfies StartJobBuildAndWaitOptions);
    // @ts-expect-error the body is the start-build body
    startJobBuildAndWait(client, params, { sha: 1 });
  });
});

describe('errors and statuses', () => {
  it('carry the build', () => {
    expectTypeOf<BuildFailedError['build']>().toEqualTypeOf<JobBuildDetails>();
    expectTypeOf<WaitTimeoutError['build']>().toEqualTypeOf<JobBuildDetails | undefined>();
    expectTypeOf<WaitTimeoutError['buildId']>().toEqualTypeOf<string>();
    expectTypeOf<WaitTimeoutError['aborted']>().toEqualTypeOf<boolean>();
    expectTypeOf<BuildFailedError>().toExtend<StartJobBuildError>();
    expectTypeOf<WaitTimeoutError>().toExtend<StartJobBuildError>();
  });

  it('lists statuses of the spec', () => {
    expectTypeOf(FINAL_JOB_BUILD_STATUSES).toEqualTypeOf<readonly JobBuildStatus[]>();
    expectTypeOf(FAILED_JOB_BUILD_STATUSES).toEqualTypeOf<readonly JobBuildStatus[]>();
  });
});
