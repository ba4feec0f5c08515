// Reading every build of a job, page after page, by the cursor each page returns.

import type { JobBuildDetails } from '@start-job-build/types';
import type { OperationParams, StartJobBuildClient } from './client.js';
import { ApiError } from './errors.js';
import type { RequestOptions } from './options.js';

/**
 * Yields every build of a job, newest page first as the API orders them, sending one request
 * per page (`per_page` sets the page size) and the next only when the loop asks for more. A
 * page that says more follow but gives no cursor, or one sent before, is an ApiError, not an endless loop.
 *
 * ```ts
 * for await (const build of listAllJobBuilds(client, { projectId, jobId, per_page: 100 })) console.log(build.id);
 * ```
 */
export async function* listAllJobBuilds(
  client: StartJobBuildClient,
  params: OperationParams<'listJobBuilds'>,
  options?: RequestOptions,
): AsyncGenerator<JobBuildDetails, void, undefined> {
  let { cursor } = params;
  // Every cursor sent so far: a server that hands back an earlier one would loop for ever.
  const sent = new Set([cursor]);
  for (;;) {
    const { builds, pagination } = await client.listJobBuilds({ ...params, cursor }, options);
    yield* builds;
    if (!pagination.hasNextPage) return;
    if (!pagination.cursor || sent.has(pagination.cursor)) {
      throw new ApiError(200, '200 a page says more follow but gives no new cursor', new Headers());
    }
    cursor = pagination.cursor;
    sent.add(cursor);
  }
}
