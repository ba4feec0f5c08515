/**
 * Public types for the Start job build API.
 *
 * Everything here is an alias into the generated `./generated/openapi.js` declarations, so
 * the names below can never drift from spec/openapi.yaml.
 */
import type { components, operations, paths } from './generated/openapi.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

/** The request body: either shape below, or no body at all. */
export type StartJobBuildRequest = Schemas['StartJobBuildRequest'];
/** Build with the job's saved settings, optionally pinned to a commit. */
export type StartJobBuildWithCurrentSettings = Schemas['StartJobBuildWithCurrentSettings'];
/** Build with some settings replaced for this build only. */
export type StartJobBuildWithOverrides = Schemas['StartJobBuildWithOverrides'];
/** The settings that one build may replace. */
export type BuildOverrides = Schemas['BuildOverrides'];
/** Docker path and target overrides. */
export type DockerOverrides = Schemas['DockerOverrides'];
/** Build arguments, as name to value. */
export type BuildArguments = Schemas['BuildArguments'];
/** Secret build files, keyed by absolute path. */
export type BuildFiles = Schemas['BuildFiles'];
/** Docker secret mount contents, keyed by mount id. */
export type DockerSecretMounts = Schemas['DockerSecretMounts'];
/** The contents of one secret file or secret mount: `{ data, encoding }`. */
export type SecretFile = Schemas['SecretFile'];
/** A full 40-character commit hash. */
export type CommitSha = Schemas['CommitSha'];

/** The 200 response body: `{ data: JobBuild }`. */
export type StartJobBuildResponse = Schemas['StartJobBuildResponse'];
/** The build that was started (the 200 response's `data`). */
export type JobBuild = Schemas['JobBuild'];

/** A build as read back later, with its outcome once it has concluded. */
export type JobBuildDetails = Schemas['JobBuildDetails'];
/** Every status a build can report; see `FINAL_JOB_BUILD_STATUSES` in the client for the final ones. */
export type JobBuildStatus = Schemas['JobBuildStatus'];
/** The 200 body of getJobBuild: `{ data: JobBuildDetails }`. */
export type GetJobBuildResponse = Schemas['GetJobBuildResponse'];
/** The 200 body of abortJobBuild: `{ data: {} }`. */
export type AbortJobBuildResponse = Schemas['AbortJobBuildResponse'];

/** The 200 body of listJobBuilds: `{ data: JobBuildPage }`. */
export type ListJobBuildsResponse = Schemas['ListJobBuildsResponse'];
/** One page of a job's builds (the list response's `data`): `{ builds, pagination }`. */
export type JobBuildPage = ListJobBuildsResponse['data'];
/** How a page of results continues: `{ hasNextPage, cursor?, count? }`. */
export type Pagination = Schemas['Pagination'];

/** Northflank's error envelope: `{ error: { status, message, id?, details? } }`. */
export type ErrorResponse = Schemas['ErrorResponse'];
/** The inner error object of the envelope. */
export type ApiErrorBody = ErrorResponse['error'];

/** The path parameters of the operation: `{ projectId, jobId }`. */
export type StartJobBuildPathParams = operations['startJobBuild']['parameters']['path'];

/** The path parameters of one build: `{ projectId, jobId, buildId }`. */
export type JobBuildPathParams = operations['getJobBuild']['parameters']['path'];

/** The optional query parameters of listJobBuilds: `{ per_page?, page?, cursor? }`. */
export type ListJobBuildsQuery = NonNullable<operations['listJobBuilds']['parameters']['query']>;

/** The documented response status codes of the operation. */
export type StartJobBuildStatus = keyof operations['startJobBuild']['responses'];
