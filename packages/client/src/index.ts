export type * from '@start-job-build/types';
export * from './client.js';
export * from './errors.js';
export type { AttemptLog, Logger } from './logging.js';
export type { ClientOptions, RequestOptions, RetryOptions } from './options.js';
export * from './pages.js';
export { VERSION } from './version.js';
export * from './wait.js';
