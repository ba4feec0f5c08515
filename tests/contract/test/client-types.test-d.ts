// The results the contract tests check at run time are also what the types promise.
import {
  createClient,
  type JobBuild,
  type JobBuildDetails,
  type StartJobBuildRequest,
  waitForJobBuild,
} from '@start-job-build/client';
import type { components } from '@start-job-build/types';
import { expectTypeOf, test } from 'vitest';

test('startJobBuild resolves to the 200 response’s build', () => {
  const client = createClient({ token: 't' });
  expectTypeOf(client.startJobBuild).returns.resolves.toEqualTypeOf<JobBuild>();
  expectTypeOf<JobBuild>().toEqualTypeOf<components['schemas']['StartJobBuildResponse']['data']>();
  expectTypeOf(client.startJobBuild).parameter(1).toEqualTypeOf<StartJobBuildRequest | undefined>();
});

test('getJobBuild resolves to the 200 response’s build, abortJobBuild to nothing', () => {
  const client = createClient({ token: 't' });
  expectTypeOf(client.getJobBuild).returns.resolves.toEqualTypeOf<JobBuildDetails>();
  expectTypeOf<JobBuildDetails>().toEqualTypeOf<components['schemas']['GetJobBuildResponse']['data']>();
  expectTypeOf(client.abortJobBuild).returns.resolves.toEqualTypeOf<void>();
  expectTypeOf(waitForJobBuild).returns.resolves.toEqualTypeOf<JobBuildDetails>();
});
