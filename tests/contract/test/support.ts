// Shared pieces of the contract tests: the contract itself (as shipped in
// @start-job-build/types) and a fetch wrapper that records what went over the wire.
import { createRequire } from 'node:module';
import {
  type ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@start-job-build/client';
import { inject } from 'vitest';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is read generically.
export const spec: any = require('@start-job-build/types/openapi.json');
export const prismUrl = () => inject('prismUrl');
export const TOKEN = 'nf-contract-test-token';
export const PATH_PARAMS = { projectId: 'default-project', jobId: 'nightly-report' };
export const OPERATION_URL = '/v1/projects/default-project/jobs/nightly-report/build';
export const operation = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post;

/** Follows a local `$ref` (`#/components/...`) in the bundled spec. */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export function deref(node: any): any {
  if (!node?.$ref) return node;
  return deref(
    node.$ref
      .replace(/^#\//, '')
      .split('/')
      // biome-ignore lint/suspicious/noExplicitAny: see above.
      .reduce((value: any, key: string) => value[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec),
  );
}

export interface Exchange {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  status: number;
  responseHeaders: Headers;
  /** Prism's `sl-violations` header: the ways the request broke the contract, or null. */
  violations: string | null;
}

/**
 * A fetch for `createClient({ fetch })` that forwards to the real fetch, optionally adds a
 * `Prefer` header (Prism's way to pick a response), and records every exchange.
 */
export function recordingFetch(prefer?: string) {
  const exchanges: Exchange[] = [];
  const fetchImpl = async (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers);
    if (prefer) headers.set('prefer', prefer);
    const body = await request.clone().text();
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: body === '' ? undefined : body,
      signal: request.signal,
    });
    exchanges.push({
      method: request.method,
      url: request.url,
      headers,
      body,
      status: response.status,
      responseHeaders: response.headers,
      violations: response.headers.get('sl-violations'),
    });
    return response;
  };
  return { fetch: fetchImpl, exchanges };
}

/** The error class the client must throw for each documented error status. */
export const ERROR_CLASSES: Record<string, typeof ApiError> = {
  '400': BadRequestError,
  '401': AuthenticationError,
  '403': PermissionDeniedError,
  '404': NotFoundError,
  '409': ConflictError,
  '429': RateLimitError,
  '500': InternalServerError,
};
