// Loaded with `node --import` before a README example runs. The examples call the production API
// (the client's default baseUrl), as a reader's program would; this sends those requests to the
// Prism mock instead, refuses any other destination, and logs each exchange for the test to check.
import { appendFileSync } from 'node:fs';

const PRODUCTION = 'https://api.northflank.com';
const mockUrl = process.env.README_MOCK_URL;
const requestLog = process.env.README_REQUEST_LOG;
if (!mockUrl || !requestLog) throw new Error('README_MOCK_URL and README_REQUEST_LOG must be set');
const realFetch = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.origin !== PRODUCTION) {
    throw new TypeError(`a README example sent a request to ${url.origin}, not to ${PRODUCTION}`);
  }
  const response = await realFetch(`${mockUrl}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: request.body ? await request.arrayBuffer() : undefined,
    redirect: 'manual',
    signal: request.signal,
  });
  appendFileSync(
    requestLog,
    `${JSON.stringify({ method: request.method, path: `${url.pathname}${url.search}`, status: response.status })}\n`,
  );
  // The answer as if it came from the production URL (a response of its own, not a redirected one).
  const hasBody = ![101, 204, 205, 304].includes(response.status);
  return new Response(hasBody ? response.body : null, response);
};
