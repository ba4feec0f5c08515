// createClient(): an openapi-fetch client for the spec, with one method per operation of the
// generated table (`client.<operationId>()`), auth and user agent as middleware, and the
// retrying fetch of fetch.ts. No operation is wired by hand.

export type { ClientOptions, RequestOptions, RetryOptions } from './options.js';

import type { operations as Operations, paths } from '@start-job-build/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { errorFromResponse, MissingTokenError, StartJobBuildError, ValidationError } from './errors.js';
import { createFetch } from './fetch.js';
import { type Operation, operations } from './generated/operations.js';
import {
  CALL_OPTIONS,
  CLIENT_OPTIONS,
  type ClientOptions,
  checkOptions,
  type RequestOptions,
} from './options.js';
import { createScrubber, secretsOf } from './redaction.js';
import { serializePath, validateCall } from './validation.js';
import { userAgentFor } from './version.js';

/** The openapi-fetch client for the spec's paths, going through the same middleware and fetch. */
export type RawClient = Client<paths, 'application/json'>;

type Defined<T> = [T] extends [never] | [undefined] ? unknown : NonNullable<T>;
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;
type Op<Id extends keyof Operations> = Operations[Id];
/** An operation's path and query parameters, by name. */
export type OperationParams<Id extends keyof Operations> = Defined<Op<Id>['parameters']['path']> &
  Defined<Op<Id>['parameters']['query']>;
/** An operation's JSON request body (never when it takes none). */
export type OperationBody<Id extends keyof Operations> = JsonOf<NonNullable<Op<Id>['requestBody']>>;
/** What a call resolves to: the `data` of the 2xx response, or undefined when it has none. */
export type OperationData<Id extends keyof Operations> =
  JsonOf<Op<Id>['responses'][Extract<keyof Op<Id>['responses'], 200 | 201 | 202 | 204>]> extends {
    data: infer D;
  }
    ? D
    : undefined;
type Method<Id extends keyof Operations> = [NonNullable<Op<Id>['requestBody']>] extends [never]
  ? (params: OperationParams<Id>, options?: RequestOptions) => Promise<OperationData<Id>>
  : undefined extends Op<Id>['requestBody']
    ? (
        params: OperationParams<Id>,
        body?: OperationBody<Id>,
        options?: RequestOptions,
      ) => Promise<OperationData<Id>>
    : (
        params: OperationParams<Id>,
        body: OperationBody<Id>,
        options?: RequestOptions,
      ) => Promise<OperationData<Id>>;

/** One method per operation of the spec, named by its operationId. */
export type OperationMethods = { [Id in keyof Operations]: Method<Id> };

export interface StartJobBuildClient extends OperationMethods {
  /** The underlying openapi-fetch client, with the same auth, user agent, timeouts, retries and safety. */
  readonly raw: RawClient;
}

// In the CJS build the default import is openapi-fetch's `module.exports`, whose `default`
// is the function; in ESM it is the function itself.
const createFetchClient =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

/** The base URL without a trailing slash; a TypeError (without the URL, which may hold credentials) when unusable. */
function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {}
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    /[?#]/.test(value as string)
  ) {
    throw new TypeError(
      'createClient: `baseUrl` must be an absolute http(s) URL without credentials, query or fragment',
    );
  }
  return url.href.replace(/\/$/, '');
}

export function createClient(options: ClientOptions = {}): StartJobBuildClient {
  checkOptions('createClient', options, CLIENT_OPTIONS);
  const baseUrl = checkBaseUrl(options.baseUrl ?? 'https://api.northflank.com');
  const userAgent = userAgentFor(options.userAgent);
  try {
    new Headers({ 'user-agent': userAgent });
  } catch {
    throw new TypeError('createClient: `userAgent` is not a valid HTTP header value');
  }
  let { token } = options;
  let envError: unknown;
  if (token === undefined) {
    try {
      token = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
        ?.NORTHFLANK_API_TOKEN;
    } catch (error) {
      // Deno without --allow-env refuses the read: calls then fail with MissingTokenError, which says why.
      envError = error;
    }
  }
  token = token?.trim() || undefined;

  // Which operation a request of `client.raw` is, by method and path, for its retry policy and secrets.
  const routes = operations.map((op) => {
    const path = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^{}]+\}/g, '[^/]+');
    return [op, new RegExp(`^${new URL(baseUrl).pathname.replace(/\/$/, '')}${path}$`)] as const;
  });
  const send = createFetch(
    options,
    token,
    (request) =>
      routes.find(([op, re]) => op.method === request.method && re.test(new URL(request.url).pathname))?.[0],
  );
  const raw: RawClient = createFetchClient<paths, 'application/json'>({
    baseUrl,
    fetch: (request: Request) => send(request),
    pathSerializer: serializePath,
    redirect: 'manual',
  });
  raw.use({
    onRequest({ request }) {
      if (!request.headers.has('authorization')) {
        if (!token) throw new MissingTokenError(envError);
        try {
          request.headers.set('authorization', `Bearer ${token}`);
        } catch {
          // The Headers error would quote the value, that is, the token.
          throw new StartJobBuildError('The API token contains characters not allowed in an HTTP header.');
        }
      }
      request.headers.set('user-agent', userAgent);
      if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
      return request;
    },
  });

  async function call(
    op: Operation,
    params: Record<string, unknown> = {},
    body: unknown,
    callOptions: RequestOptions = {},
  ) {
    checkOptions(op.id, callOptions, CALL_OPTIONS);
    // The body is validated and sent exactly as it goes over the wire: after JSON serialisation.
    let wire: unknown;
    try {
      wire = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
    } catch {
      throw new ValidationError([
        { in: 'body', pointer: '', keyword: 'json', params: {}, message: 'cannot be serialised as JSON' },
      ]);
    }
    if (options.validateRequests !== false) validateCall(op, params, wire, body !== undefined);
    const pick = (names: string[]) =>
      Object.fromEntries(names.filter((n) => params[n] !== undefined).map((n) => [n, params[n]]));
    const scrub = createScrubber(() => [token, ...secretsOf(op, wire)]);
    const { data, error, response } = await (
      raw.request as (
        m: string,
        p: string,
        init: object,
      ) => Promise<{ data?: unknown; error?: unknown; response: Response }>
    )(op.method, op.path, {
      params: { path: pick(op.pathParams), query: pick(op.query) },
      body: wire,
      signal: callOptions.signal,
      parseAs: 'text',
      fetch: (request: Request) => send(request, op, callOptions, scrub),
    });
    try {
      callOptions.onResponse?.(response);
    } catch (thrown) {
      options.logger?.warn(`${op.id}: onResponse threw; the result stands`, scrub(String(thrown)));
    }
    let result: { data?: Record<string, unknown> } | undefined;
    try {
      result = response.ok && data ? JSON.parse(data as string) : undefined;
    } catch {}
    const fields = result?.data;
    const complete =
      !op.data?.length ||
      (typeof fields === 'object' && fields !== null && op.data.every((key) => Object.hasOwn(fields, key)));
    if (!response.ok || !complete) {
      throw errorFromResponse(response, response.ok ? data : error, scrub, op);
    }
    return fields;
  }

  const client: Record<string, unknown> = { raw };
  for (const op of operations) {
    client[op.id] = op.validateBody.length
      ? (params: Record<string, unknown>, body?: unknown, callOptions?: RequestOptions) =>
          call(op, params, body, callOptions)
      : (params: Record<string, unknown>, callOptions?: RequestOptions) =>
          call(op, params, undefined, callOptions);
  }
  return client as unknown as StartJobBuildClient;
}
