import { describe, expectTypeOf, it } from 'vitest';
import type {
  AbortJobBuildResponse,
  BuildOverrides,
  components,
  GetJobBuildResponse,
  JobBuild,
  JobBuildDetails,
  JobBuildPage,
  JobBuildPathParams,
  JobBuildStatus,
  ListJobBuildsQuery,
  ListJobBuildsResponse,
  operations,
  Pagination,
  paths,
  StartJobBuildPathParams,
  StartJobBuildRequest,
  StartJobBuildResponse,
  StartJobBuildWithCurrentSettings,
  StartJobBuildWithOverrides,
} from '../src/index.js';

describe('request bodies', () => {
  it('accept the seed examples', () => {
    const currentSettings: StartJobBuildRequest = { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' };
    const withOverrides: StartJobBuildRequest = {
      sha: '262ed9817b3cad5142fbceabe0c9e371e390d616',
      overrides: {
        buildArguments: { ARGUMENT_1: 'abcdef', ARGUMENT_2: '12345' },
        buildFiles: {
          '/dir/fileName': {
            data: 'VGhpcyBpcyBhbiBleGFtcGxlIHdpdGggYSB0ZW1wbGF0ZWQgJHtOT0RFX0VOVn0gdmFyaWFibGU=',
            encoding: 'utf-8',
          },
        },
        dockerSecretMounts: {
          'example-secret-mount_1': {
            data: 'VGhpcyBpcyBhbiBleGFtcGxlIHdpdGggYSB0ZW1wbGF0ZWQgJHtOT0RFX0VOVn0gdmFyaWFibGU=',
            encoding: 'utf-8',
          },
        },
        docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/' },
      },
    };
    const empty: StartJobBuildRequest = {};
    // Each literal also fits exactly the branch it is meant for.
    expectTypeOf(currentSettings).toExtend<StartJobBuildWithCurrentSettings>();
    expectTypeOf(withOverrides).toExtend<StartJobBuildWithOverrides>();
    expectTypeOf(empty).toExtend<StartJobBuildWithCurrentSettings>();
  });

  it('reject wrong shapes', () => {
    // @ts-expect-error sha is a string
    const shaAsNumber: StartJobBuildRequest = { sha: 262 };
    // @ts-expect-error there is no such override
    const unknownOverride: StartJobBuildRequest = { overrides: { environment: { A: 'b' } } };
    // @ts-expect-error docker paths are strings
    const dockerPathAsNumber: StartJobBuildRequest = { overrides: { docker: { dockerFilePath: 1 } } };
    // @ts-expect-error overrides is an object
    const overridesAsString: StartJobBuildRequest = { overrides: 'docker' };
    // @ts-expect-error the override is spelt dockerFilePath
    const misspelt: BuildOverrides = { docker: { dockerfilePath: '/Dockerfile' } };
    // @ts-expect-error a secret file needs data and encoding
    const secretWithoutEncoding: BuildOverrides = { buildFiles: { '/a': { data: 'YQ==' } } };
    // @ts-expect-error build arguments are strings
    const numericArgument: BuildOverrides = { buildArguments: { PORT: 8080 } };
    void [shaAsNumber, unknownOverride, dockerPathAsNumber, overridesAsString, misspelt];
    void [secretWithoutEncoding, numericArgument];
  });

  it('is the union of the two named branches', () => {
    expectTypeOf<StartJobBuildRequest>().toEqualTypeOf<
      StartJobBuildWithCurrentSettings | StartJobBuildWithOverrides
    >();
    expectTypeOf<StartJobBuildWithOverrides['overrides']>().toEqualTypeOf<BuildOverrides>();
  });
});

describe('responses and parameters', () => {
  it('type the 200 body, with pullRequestId nullable', () => {
    expectTypeOf<StartJobBuildResponse['data']>().toEqualTypeOf<JobBuild>();
    expectTypeOf<JobBuild['id']>().toEqualTypeOf<string>();
    expectTypeOf<JobBuild['pullRequestId']>().toEqualTypeOf<number | null | undefined>();
    const build = {} as JobBuild;
    // @ts-expect-error pullRequestId may be null (or absent): narrow before using it as a number
    const next: number = build.pullRequestId + 1;
    if (typeof build.pullRequestId === 'number') {
      const narrowed: number = build.pullRequestId + 1;
      void narrowed;
    }
    void next;
  });

  it('type a fetched build with the status enum and nullable message', () => {
    expectTypeOf<JobBuildDetails['status']>().toEqualTypeOf<JobBuildStatus | undefined>();
    expectTypeOf<JobBuildDetails['message']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<JobBuildDetails['id']>().toEqualTypeOf<string>();
    expectTypeOf<GetJobBuildResponse['data']>().toEqualTypeOf<JobBuildDetails>();
    // @ts-expect-error not one of the statuses Northflank reports
    const unknownStatus: JobBuildStatus = 'DONE';
    void unknownStatus;
    expectTypeOf<JobBuildPathParams>().toEqualTypeOf<{ projectId: string; jobId: string; buildId: string }>();
    expectTypeOf<AbortJobBuildResponse['data']>().toEqualTypeOf<Record<string, never>>();
  });

  it('type a page of builds, with only hasNextPage certain in the pagination', () => {
    expectTypeOf<ListJobBuildsResponse['data']>().toEqualTypeOf<JobBuildPage>();
    expectTypeOf<JobBuildPage['builds']>().toEqualTypeOf<JobBuildDetails[]>();
    expectTypeOf<JobBuildPage['pagination']>().toEqualTypeOf<Pagination>();
    expectTypeOf<Pagination>().toEqualTypeOf<{ count?: number; cursor?: string; hasNextPage: boolean }>();
    const lastPage: JobBuildPage = { builds: [], pagination: { hasNextPage: false } };
    // @ts-expect-error a page always says whether another one follows
    const withoutHasNextPage: Pagination = { cursor: 'next' };
    // @ts-expect-error a page always has its builds
    const withoutBuilds: JobBuildPage = { pagination: { hasNextPage: false } };
    void [lastPage, withoutHasNextPage, withoutBuilds];
  });

  it('name the optional query parameters of listing builds', () => {
    expectTypeOf<ListJobBuildsQuery>().toEqualTypeOf<{ cursor?: string; page?: number; per_page?: number }>();
    const query: ListJobBuildsQuery = { per_page: 20, cursor: '6101b4d2e3f9a7c500c1e2d3' };
    // @ts-expect-error per_page is a number
    const perPageAsString: ListJobBuildsQuery = { per_page: '20' };
    // @ts-expect-error the parameter is spelt per_page
    const misspelt: ListJobBuildsQuery = { perPage: 20 };
    void [query, perPageAsString, misspelt];
    expectTypeOf<operations['listJobBuilds']['parameters']['path']>().toEqualTypeOf<{
      projectId: string;
      jobId: string;
    }>();
  });

  it('name both path parameters', () => {
    expectTypeOf<StartJobBuildPathParams>().toEqualTypeOf<{ projectId: string; jobId: string }>();
  });

  it('are aliases of the generated types, not copies', () => {
    expectTypeOf<StartJobBuildRequest>().toEqualTypeOf<components['schemas']['StartJobBuildRequest']>();
    expectTypeOf<paths['/v1/projects/{projectId}/jobs/{jobId}/build']['post']>().toEqualTypeOf<
      operations['startJobBuild']
    >();
    expectTypeOf<paths['/v1/projects/{projectId}/jobs/{jobId}/build']['get']>().toEqualTypeOf<
      operations['listJobBuilds']
    >();
    expectTypeOf<ListJobBuildsResponse>().toEqualTypeOf<components['schemas']['ListJobBuildsResponse']>();
  });
});
