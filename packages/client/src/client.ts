// createClient(): the typed openapi-fetch client for the spec, with this package's transport
// (auth, user agent, timeouts, safe retries, logging) and the convenience methods
// startJobBuild() (validates before sending), getJobBuild() and abortJobBuild(), which throw
// typed errors. Waiting for a build lives in wait.ts, so that it is bundled only when used.

import type {
  JobBuild,
  JobBuildDetails,
  paths,
  StartJobBuildPathParams,
  StartJobBuildRequest,
} from '@start-job-build/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { errorFromResponse, ValidationError } from './errors.js';
import type { Logger } from './logging.js';
import { pathParamIssues, serializePath } from './path-params.js';
import { createScrubber, secretsOfBody } from './redaction.js';
import type { RetryOptions } from './retry.js';
import { createTransport, type OwnCall, type RequestOptions, startedBefore } from './transport.js';
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
  /**
   * Reads one build of a job, with its status and, once it has concluded, its outcome. Safe to
   * repeat, so timeouts, lost connections and 5xx responses are retried (within `maxRetries`).
   * Throws a ValidationError for an unusable path parameter (nothing sent), an ApiError
   * subclass for any status but 200, or a ConnectionError, TimeoutError or AbortError.
   */
  getJobBuild(
    params: StartJobBuildPathParams,
    buildId: string,
    options?: RequestOptions,
  ): Promise<JobBuildDetails>;
  /**
   * Aborts a build that is still queued or running; resolves once the API accepted the abort.
   * Aborting twice is harmless, so this request is retried like getJobBuild. Throws as
   * getJobBuild does (the API may answer 409 for a build that can no longer be aborted).
   */
  abortJobBuild(params: StartJobBuildPathParams, buildId: string, options?: RequestOptions): Promise<void>;
  /** The underlying openapi-fetch client, with the same auth, user agent, timeouts and retries. */
  readonly raw: RawClient;
}

const BUILD_PATH = '/v1/projects/{projectId}/jobs/{jobId}/build';
const BUILD_BY_ID_PATH = `${BUILD_PATH}/{buildId}`;

// In the CJS build the default import is openapi-fetch's `module.exports`, whose `default` is
// the function; in ESM it is the function itself.
const createFetchClient =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

type RawResult = { error?: unknown; response: Response };

/**
 * Each client's token, so that the errors wait.ts raises outside the client can be scrubbed of
 * it. Not exported from the package, and a WeakMap rather than a property of the client, so
 * that nothing reachable from the client object leads to the token.
 */
export const clientTokens: WeakMap<object, string | undefined> = new WeakMap();

export function createClient(options: ClientOptions = {}): StartJobBuildClient {
  let { token } = options;
  let envError: unknown;
  if (token === undefined) {
    try {
      token = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
        ?.NORTHFLANK_API_TOKEN;
    } catch (error) {
      // Deno without --allow-env refuses the read. Calls then fail with MissingTokenError,
      // which says why, instead of createClient() throwing Deno's error.
      envError = error;
    }
  }
  token = token?.trim() || undefined;
  const send = createTransport(options, token, envError);

  const raw: RawClient = createFetchClient<paths, 'application/json'>({
    baseUrl: options.baseUrl ?? 'https://api.northflank.com',
    // openapi-fetch passes no second argument unless `requestInitExt` is set (it is not).
    fetch: send,
    pathSerializer: serializePath,
  });
  // Middleware may replace a Request or read a Response; once there is any, our own calls hand
  // both over whole, as raw calls do (see OwnCall).
  let middleware = false;
  const { use } = raw;
  raw.use = (...added) => {
    middleware = true;
    use(...added);
  };

  /**
   * Sends one operation through `raw` (so that middleware runs) and reads its `data`: a build,
   * or for DELETE whatever a 2xx carries. Path parameters are checked by serializePath. `body`
   * is the request body after a JSON round trip, `json` the same serialised.
   */
  async function call<T>(
    method: 'POST' | 'GET' | 'DELETE',
    path: string,
    params: object,
    callOptions: RequestOptions,
    body?: StartJobBuildRequest,
    json?: string,
  ): Promise<T> {
    const own: OwnCall | undefined = middleware ? undefined : { body: json };
    const scrub = createScrubber(() => [token, ...secretsOfBody(body)]);
    const { error, response } = await (
      raw.request as unknown as (method: string, path: string, init: object) => Promise<RawResult>
    )(method, path, {
      params: { path: params },
      body,
      // For our own calls, a null body: openapi-fetch sets the JSON content type but builds no
      // body stream; the transport sends `own.body`.
      bodySerializer: own && (() => null),
      signal: callOptions.signal,
      // A 2xx body is read below, or by the transport (own).
      parseAs: 'stream',
      fetch: (request: Request) => send(request, callOptions, own, scrub),
    });
    callOptions.onResponse?.(response);
    let text: string | undefined;
    let result: JobBuildDetails | undefined;
    // An abort's 2xx needs no body (and resolves to nothing); any other 2xx must hold a build.
    if (response.ok && method !== 'DELETE') {
      text = own ? own.text : await response.text();
      try {
        result = JSON.parse(text as string).data;
      } catch {}
    }
    // A 2xx without a build is reported too (errorFromResponse says whether a build may exist).
    if (!response.ok || (method !== 'DELETE' && typeof result?.id !== 'string')) {
      throw errorFromResponse(
        response,
        response.ok ? text : error,
        scrub,
        method === 'POST',
        startedBefore.has(response),
      );
    }
    return result as T;
  }

  async function startJobBuild(
    params: StartJobBuildPathParams,
    body?: StartJobBuildRequest,
    callOptions: RequestOptions = {},
  ): Promise<JobBuild> {
    const issues = pathParamIssues(params, BUILD_PATH);
    // Validate (and send) the body exactly as it goes over the wire: after JSON serialisation.
    let json: string | undefined;
    let wireBody: StartJobBuildRequest | undefined;
    if (body !== undefined) {
      try {
        json = JSON.stringify(body);
        wireBody = JSON.parse(json as string);
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
    return call<JobBuild>('POST', BUILD_PATH, params, callOptions, wireBody, json);
  }

  const byId =
    <T>(method: 'GET' | 'DELETE') =>
    (params: StartJobBuildPathParams, buildId: string, callOptions: RequestOptions = {}) =>
      call<T>(method, BUILD_BY_ID_PATH, { ...params, buildId }, callOptions);

  const client = {
    startJobBuild,
    getJobBuild: byId<JobBuildDetails>('GET'),
    abortJobBuild: byId<void>('DELETE'),
    raw,
  };
  clientTokens.set(client, token);
  return client;
}
