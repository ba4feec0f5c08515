// createClient(): the typed openapi-fetch client for the spec, with this package's transport
// (auth, user agent, timeouts, safe retries, logging) and the startJobBuild() convenience
// method that validates before sending and throws typed errors.

import type { JobBuild, paths, StartJobBuildPathParams, StartJobBuildRequest } from '@start-job-build/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { errorFromResponse, ValidationError } from './errors.js';
import type { Logger } from './logging.js';
import { pathParamIssues, serializePath } from './path-params.js';
import { createScrubber, secretsOfBody } from './redaction.js';
import type { RetryOptions } from './retry.js';
import { createTransport, type RequestOptions } from './transport.js';
import { bodyIssues } from './validation.js';

export interface ClientOptions {
  /** A Northflank API token. Default: the NORTHFLANK_API_TOKEN environment variable, where there is one. */
  token?: string | undefined;
  /** Default `https://api.northflank.com`. */
  baseUrl?: string;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** How long each attempt may take, response body included. Default 30000 ms; `Infinity` disables it. */
  timeoutMs?: number;
  /** How many times a request may be re-sent when the retry policy allows it. Default 2. */
  maxRetries?: number;
  /** The retry policy's options; by default only requests that cannot have started a build are re-sent. */
  retry?: RetryOptions;
  /** Your own product token, appended to this package's `User-Agent`. */
  userAgent?: string;
  /** Check request bodies against the spec before sending them. Default true. */
  validateRequests?: boolean;
  /** Receives one debug line per attempt. Credentials are redacted and bodies are never logged. */
  logger?: Logger;
}

/** The openapi-fetch client for the spec's paths, going through this package's transport. */
export type RawClient = Client<paths, 'application/json'>;

export interface StartJobBuildClient {
  /**
   * Starts a build of a job and resolves to the build that was started. Throws a
   * ValidationError (nothing sent), an ApiError subclass for any status but 200, or a
   * ConnectionError, TimeoutError or AbortError when no response arrived.
   */
  startJobBuild(
    params: StartJobBuildPathParams,
    body?: StartJobBuildRequest,
    options?: RequestOptions,
  ): Promise<JobBuild>;
  /** The underlying openapi-fetch client, with the same auth, user agent, timeouts and retries. */
  readonly raw: RawClient;
}

// In the CJS build the default import is openapi-fetch's `module.exports`, whose `default` is
// the function; in ESM it is the function itself.
const createFetchClient =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

export function createClient(options: ClientOptions = {}): StartJobBuildClient {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const token = (options.token ?? env?.NORTHFLANK_API_TOKEN)?.trim() || undefined;
  const send = createTransport(options, token);

  const raw: RawClient = createFetchClient<paths, 'application/json'>({
    baseUrl: options.baseUrl ?? 'https://api.northflank.com',
    fetch: (request) => send(request),
    pathSerializer: serializePath,
  });

  async function startJobBuild(
    params: StartJobBuildPathParams,
    body?: StartJobBuildRequest,
    callOptions: RequestOptions = {},
  ): Promise<JobBuild> {
    const issues = pathParamIssues(params, ['projectId', 'jobId']);
    // Validate (and send) the body exactly as it goes over the wire: after JSON serialisation.
    let wireBody: StartJobBuildRequest | undefined;
    if (body !== undefined) {
      try {
        wireBody = JSON.parse(JSON.stringify(body));
      } catch {
        issues.push({
          in: 'body',
          pointer: '',
          keyword: 'json',
          params: {},
          message: 'cannot be serialised as JSON',
        });
      }
      if (wireBody !== undefined && options.validateRequests !== false) issues.push(...bodyIssues(wireBody));
    }
    if (issues.length) throw new ValidationError(issues);

    const { data, error, response } = await raw.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
      params: { path: params },
      body: wireBody,
      signal: callOptions.signal,
      parseAs: 'text',
      fetch: (request) => send(request, callOptions),
    });
    const scrub = createScrubber([token, ...secretsOfBody(wireBody)]);
    let build: JobBuild | undefined;
    try {
      build = JSON.parse(data as string).data;
    } catch {}
    // A 2xx without a build is reported too (errorFromResponse says that a build may exist).
    if (!response.ok || typeof build?.id !== 'string') {
      throw errorFromResponse(response, response.ok ? data : error, scrub);
    }
    return build;
  }

  return { startJobBuild, raw };
}
