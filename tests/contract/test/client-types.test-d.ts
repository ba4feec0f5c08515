// The results the contract tests check at run time are also what the types promise.
import { createClient, type JobBuild, type StartJobBuildRequest } from '@start-job-build/client';
import type { components } from '@start-job-build/types';
import { expectTypeOf, test } from 'vitest';

test('startJobBuild resolves to the 200 response’s build', () => {
  const client = createClient({ token: 't' });
  expectTypeOf(client.startJobBuild).returns.resolves.toEqualTypeOf<JobBuild>();
  expectTypeOf<JobBuild>().toEqualTypeOf<components['schemas']['StartJobBuildResponse']['data']>();
  expectTypeOf(client.startJobBuild).parameter(1).toEqualTypeOf<StartJobBuildRequest | undefined>();
});
