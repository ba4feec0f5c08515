// createClient(): an openapi-fetch client for the spec, with one method per operation of the
// generated table (`client.<operationId>()`), auth and user agent as middleware, and the
// retrying fetch of fetch.ts. No operation is wired by hand.

import type { paths } from '@start-job-build/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { MissingTokenError, StartJobBuildError, ValidationError } from './errors.js';
import { createFetch, errorFromResponse, retryDelays } from './fetch.js';
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
import { serverRequestedDelayMs } from './rate-limit.js';
import { createScrubber, scrubDeep, secretsOf } from './redaction.js';
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

export function createClient(clientOptions: ClientOptions = {}): StartJobBuildClient {
  const options = checkOptions('createClient', clientOptions, CLIENT_OPTIONS);
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
  // A token that a server echoes in a result is replaced too.
  const scrubToken = createScrubber(() => [token]);

  // A `client.raw` request's operation, by method and path, for its retry policy and secrets.
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const template = (path: string) =>
    path
      .split(/\{[^/{}]+\}/)
      .map(literal)
      .join('[^/]+');
  const routes = operations.map(
    (op) => [op, new RegExp(`^${literal(base.pathname.replace(/\/$/, ''))}${template(op.path)}$`)] as const,
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
    given: RequestOptions = {},
  ) {
    const callOptions = checkOptions(op.id, given, CALL_OPTIONS);
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
    const { ok, status, headers } = response as Response;
    const warn = (thrown: unknown) => {
      try {
        options.logger?.warn(`${op.id}: onResponse threw; the call's result stands`, scrub(String(thrown)));
      } catch {}
    };
    try {
      // An async callback's rejection is reported the same way, never left unhandled.
      Promise.resolve(callOptions.onResponse?.(response as Response)).catch(warn);
    } catch (thrown) {
      warn(thrown);
    }
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = ok && data ? JSON.parse(data as string).data : undefined;
    } catch {}
    // A 2xx must carry the `data` fields the spec requires (a started build's id, say), and each
    // field the spec types must have that JSON type: a numeric `id` is not a build's id.
    const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    const complete =
      (!op.data?.length || op.data.every((key) => Object.hasOwn(Object(parsed), key))) &&
      Object.entries(op.dataTypes).every(
        ([key, types]) => !Object.hasOwn(Object(parsed), key) || types.includes(jsonType(parsed?.[key])),
      );
    if (ok && complete) return scrubDeep(parsed, scrubToken);
    let advice: string | undefined;
    if (status === 401) {
      const source = options.token === undefined ? 'NORTHFLANK_API_TOKEN' : 'createClient({ token })';
      advice = `The API token (from ${source}) was refused: it may be wrong, expired or revoked.`;
    }
    if (status === 429) {
      // Told from the last response and the settings; the attempts before it may have failed otherwise.
      const wait = serverRequestedDelayMs(headers);
      const limit = Math.min(retryDelays(options, callOptions).maxRetryAfter, 2 ** 31 - 1);
      const retries = callOptions.maxRetries ?? options.maxRetries ?? 2;
      advice = `${wait === undefined ? 'The server did not say how long to wait' : `The server asked to wait ${Math.ceil(wait / 1000)} s`}; `;
      advice +=
        retries === 0
          ? 'the client did not retry (maxRetries is 0).'
          : wait !== undefined && wait > limit
            ? `the client does not wait longer than retry.maxRetryAfterMs (${limit} ms), so it stopped.`
            : `the client had used its ${retries} ${retries === 1 ? 'retry' : 'retries'} (maxRetries).`;
    }
    throw errorFromResponse(response as Response, ok ? data : error, scrub, op, undefined, params, advice);
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
