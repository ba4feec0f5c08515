export type {
  AbortJobBuildResponse,
  ApiErrorBody,
  BuildArguments,
  BuildFiles,
  BuildOverrides,
  CommitSha,
  DockerOverrides,
  DockerSecretMounts,
  ErrorResponse,
  GetJobBuildResponse,
  JobBuild,
  JobBuildDetails,
  JobBuildPathParams,
  JobBuildStatus,
  paths,
  SecretFile,
  StartJobBuildPathParams,
  StartJobBuildRequest,
  StartJobBuildResponse,
  StartJobBuildWithCurrentSettings,
  StartJobBuildWithOverrides,
} from '@start-job-build/types';
export { type ClientOptions, createClient, type RawClient, type StartJobBuildClient } from './client.js';
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  BuildFailedError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  MissingTokenError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RateLimitInfo,
  StartJobBuildError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
  WaitTimeoutError,
} from './errors.js';
export type { AttemptLog, Logger } from './logging.js';
export type { RetryOptions } from './retry.js';
export type { RequestOptions } from './transport.js';
export { VERSION } from './version.js';
export {
  FAILED_JOB_BUILD_STATUSES,
  FINAL_JOB_BUILD_STATUSES,
  type StartJobBuildAndWaitOptions,
  startJobBuildAndWait,
  type WaitForJobBuildOptions,
  waitForJobBuild,
} from './wait.js';
