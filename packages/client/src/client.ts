// createClient(): an openapi-fetch client for the spec, with one method per operation of the
// generated table (`client.<operationId>()`), auth and user agent as middleware, and the
// retrying fetch of fetch.ts. No operation is wired by hand.

import type { paths } from '@start-job-build/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { MissingTokenError, StartJobBuildError, ValidationError } from './errors.js';
import { createFetch, errorFromResponse } from './fetch.js';
import { type Operation, type OperationMethods, operations } from './generated/operations.js';

export type {
  OperationBody,
  OperationData,
  OperationMethods,
  OperationParams,
} from './generated/operations.js';

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

export interface StartJobBuildClient extends OperationMethods {
  /** The underlying openapi-fetch client, with the same auth, user agent, timeouts, retries and limits. */
  readonly raw: RawClient;
}

// In the CJS build the default import is openapi-fetch's `module.exports`, whose `default`
// is the function; in ESM it is the function itself.
const createFetchClient =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

export function createClient(options: ClientOptions = {}): StartJobBuildClient {
  checkOptions('createClient', options, CLIENT_OPTIONS);
  let base: URL | undefined;
  try {
    base = new URL(options.baseUrl ?? 'https://api.northflank.com');
  } catch {}
  // The message never quotes the URL: it may hold credentials.
  if (
    !base ||
    !/^https?:$/.test(base.protocol) ||
    base.username ||
    base.password ||
    /[?#]/.test(`${options.baseUrl}`)
  ) {
    throw new TypeError(
      'createClient: `baseUrl` must be an absolute http(s) URL without credentials, query or fragment',
    );
  }
  const userAgent = userAgentFor(options.userAgent);
  try {
    new Headers({ 'user-agent': userAgent });
  } catch {
    throw new TypeError('createClient: `userAgent` is not a valid HTTP header value');
  }
  let { token } = options;
  let envError: unknown;
  try {
    token ??= (globalThis as { process?: { env: Record<string, string> } }).process?.env.NORTHFLANK_API_TOKEN;
  } catch (error) {
    // Deno without --allow-env refuses the read: calls then fail with MissingTokenError, which says why.
    envError = error;
  }
  token = token?.trim() || undefined;
  // A token that a server echoes in a result is replaced too (regex built once, on first use).
  const scrubToken = createScrubber(() => [token]);

  // A `client.raw` request's operation, by method and path, for its retry policy and secrets.
  const prefix = base.pathname.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const routes = operations.map(
    (op) => [op, new RegExp(`^${prefix}${op.path.replace(/\{[^/]+\}/g, '[^/]+')}$`)] as const,
  );
  const match = (request: Request) =>
    routes.find(
      ([op, path]) => op.method === request.method && path.test(new URL(request.url).pathname),
    )?.[0];
  const send = createFetch(options, token, match);
  const raw: RawClient = createFetchClient<paths, 'application/json'>({
    baseUrl: base.href,
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
    },
  });

  async function call(
    op: Operation,
    params: Record<string, unknown>,
    body: unknown,
    callOptions: RequestOptions = {},
  ) {
    checkOptions(op.id, callOptions, CALL_OPTIONS);
    // The body is validated and sent exactly as it goes over the wire: after JSON serialisation.
    let wire: unknown;
    try {
      wire = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
    } catch {
      const message = 'cannot be serialised as JSON';
      throw new ValidationError([{ in: 'body', pointer: '', keyword: 'json', params: {}, message }]);
    }
    if (options.validateRequests !== false) validateCall(op, params, wire, body !== undefined);
    const pick = (names: string[]) =>
      Object.fromEntries(names.filter((n) => params?.[n] !== undefined).map((n) => [n, params[n]]));
    const scrub = createScrubber(() => [token, ...secretsOf(op, wire)]);
    const request = raw.request as (
      method: string,
      path: string,
      init: object,
    ) => Promise<Record<string, unknown>>;
    const { data, error, response } = await request(op.method, op.path, {
      params: { path: pick(op.pathParams), query: pick(op.query) },
      body: wire,
      signal: callOptions.signal,
      parseAs: 'text',
      fetch: (req: Request) => send(req, op, callOptions, scrub),
    });
    const { ok } = response as Response;
    try {
      callOptions.onResponse?.(response as Response);
    } catch (thrown) {
      try {
        options.logger?.warn(`${op.id}: onResponse threw; the call's result stands`, scrub(String(thrown)));
      } catch {}
    }
    let fields: unknown;
    try {
      fields = ok && data ? JSON.parse(scrubToken(data as string)).data : undefined;
    } catch {}
    // A 2xx must carry the `data` fields the spec requires (a started build's id, say).
    const complete = !op.data?.length || op.data.every((key) => Object.hasOwn(Object(fields), key));
    if (!ok || !complete) throw errorFromResponse(response as Response, ok ? data : error, scrub, op);
    return fields;
  }

  const client: Record<string, unknown> = { raw };
  for (const op of operations) {
    client[op.id] = op.validateBody.length
      ? (params: Record<string, unknown>, body?: unknown, opts?: RequestOptions) =>
          call(op, params, body, opts)
      : (params: Record<string, unknown>, opts?: RequestOptions) => call(op, params, undefined, opts);
  }
  return client as unknown as StartJobBuildClient;
}
