export type {
  ApiErrorBody,
  BuildArguments,
  BuildFiles,
  BuildOverrides,
  CommitSha,
  DockerOverrides,
  DockerSecretMounts,
  ErrorResponse,
  JobBuild,
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
} from './errors.js';
export type { AttemptLog, Logger } from './logging.js';
export type { RetryOptions } from './retry.js';
export type { RequestOptions } from './transport.js';
export { VERSION } from './version.js';
