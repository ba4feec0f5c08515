// The results the contract tests check at run time are also what the types promise.
import {
  createClient,
  type JobBuild,
  type JobBuildDetails,
  type StartJobBuildRequest,
  waitForJobBuild,
} from '@start-job-build/client';
import type { components, JobBuildPage } from '@start-job-build/types';
import { expectTypeOf, test } from 'vitest';

test('startJobBuild resolves to the 200 response’s build', () => {
  const client = createClient({ token: 't' });
  expectTypeOf(client.startJobBuild).returns.resolves.toEqualTypeOf<JobBuild>();
  expectTypeOf<JobBuild>().toEqualTypeOf<components['schemas']['StartJobBuildResponse']['data']>();
  expectTypeOf(client.startJobBuild).parameter(0).toEqualTypeOf<{ projectId: string; jobId: string }>();
  expectTypeOf(client.startJobBuild).parameter(1).toEqualTypeOf<StartJobBuildRequest | undefined>();
});

test('getJobBuild resolves to the 200 response’s build, abortJobBuild to its empty data or nothing', () => {
  const client = createClient({ token: 't' });
  const build = { projectId: 'p', jobId: 'j', buildId: 'b' };
  expectTypeOf(client.getJobBuild).parameter(0).toEqualTypeOf<typeof build>();
  expectTypeOf(client.abortJobBuild).parameter(0).toEqualTypeOf<typeof build>();
  expectTypeOf(client.getJobBuild).returns.resolves.toEqualTypeOf<JobBuildDetails>();
  expectTypeOf<JobBuildDetails>().toEqualTypeOf<components['schemas']['GetJobBuildResponse']['data']>();
  // An empty 2xx is accepted too (nothing of `data` is required), so undefined is possible.
  expectTypeOf(client.abortJobBuild).returns.resolves.toEqualTypeOf<
    components['schemas']['AbortJobBuildResponse']['data'] | undefined
  >();
  expectTypeOf(waitForJobBuild).returns.resolves.toEqualTypeOf<JobBuildDetails>();
  expectTypeOf(waitForJobBuild).parameter(1).toEqualTypeOf<typeof build>();
});

test('listJobBuilds takes the path and query parameters by name and resolves to one page', () => {
  const client = createClient({ token: 't' });
  expectTypeOf(client.listJobBuilds).returns.resolves.toEqualTypeOf<JobBuildPage>();
  expectTypeOf<JobBuildPage['builds'][number]>().toEqualTypeOf<JobBuildDetails>();
  // The path and query parameters are one object (an intersection, flattened here to compare).
  type Flat<T> = { [K in keyof T]: T[K] };
  expectTypeOf<Flat<Parameters<typeof client.listJobBuilds>[0]>>().toEqualTypeOf<{
    projectId: string;
    jobId: string;
    per_page?: number;
    page?: number;
    cursor?: string;
  }>();
  // @ts-expect-error per_page is a number.
  void client.listJobBuilds({ projectId: 'p', jobId: 'j', per_page: '20' });
  // @ts-expect-error the job is required.
  void client.listJobBuilds({ projectId: 'p' });
});
