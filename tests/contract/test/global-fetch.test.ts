// The client as users get it: no injected fetch, so requests go through the global fetch (the
// other suites inject a recording fetch). Prism reports any rule a request breaks in its
// `sl-violations` response header, read here through the `onResponse` option.
import { createClient, type JobBuild, type JobBuildDetails } from '@start-job-build/client';
import type { JobBuildPage } from '@start-job-build/types';
import { describe, expect, it } from 'vitest';
import { deref, operation, PATH_PARAMS, prismUrl, spec, TOKEN } from './support.js';

const BUILD = { ...PATH_PARAMS, buildId: 'joyous-view-6290' };
const byJob = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build'];
const byId = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}'];
const exampleOf = (responses: Record<string, unknown>) =>
  // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is read generically.
  Object.values((deref(responses['200']) as any).content['application/json'].examples).map(deref)[0].value
    .data;

/** Runs a call with an `onResponse` option and returns its result with the response it read. */
async function withResponse<T>(call: (options: { onResponse: (r: Response) => void }) => Promise<T>) {
  let response: Response | undefined;
  const result = await call({
    onResponse: (r) => {
      response = r;
    },
  });
  // Prism names every rule a request breaks in this header; a conforming request gets none.
  expect(response?.status).toBe(200);
  expect(response?.headers.get('sl-violations')).toBeNull();
  return result;
}

describe('with the global fetch (no injected fetch)', () => {
  const client = () => createClient({ token: TOKEN, baseUrl: prismUrl() });

  it.each([
    ['startJobBuild (current settings)', spec.components.examples.StartWithCurrentSettings.value],
    ['startJobBuild (overrides)', spec.components.examples.StartWithOverrides.value],
  ])('%s: Prism finds no violation and the example build comes back', async (_name, body) => {
    const build: JobBuild = await withResponse((options) =>
      client().startJobBuild(PATH_PARAMS, body, options),
    );
    expect(build).toEqual(exampleOf(operation.responses));
  });

  it('getJobBuild: Prism finds no violation and the example build comes back', async () => {
    const build: JobBuildDetails = await withResponse((options) => client().getJobBuild(BUILD, options));
    expect(build).toEqual(exampleOf(byId.get.responses));
  });

  it('abortJobBuild: Prism finds no violation', async () => {
    expect(await withResponse((options) => client().abortJobBuild(BUILD, options))).toEqual({});
  });

  it('listJobBuilds with per_page: Prism finds no violation and the example page comes back', async () => {
    const page: JobBuildPage = await withResponse((options) =>
      client().listJobBuilds({ ...PATH_PARAMS, per_page: 20 }, options),
    );
    expect(page).toEqual(exampleOf(byJob.get.responses));
  });

  it('a request that breaks the contract is one Prism reports (so the checks above can fail)', async () => {
    // The raw client does not validate bodies: this one breaks the 40-character rule for sha.
    const { response } = await client().raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: PATH_PARAMS },
      body: { sha: 'abc' },
    });
    // Prism answers with the spec's own 400 and names the broken rule.
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain('sha');
  });
});
