// The client in a real browser: Debian's Chromium loads a page from 127.0.0.1 whose module is the
// browser bundle of the built client (dist/index.js, bundled by esbuild as an app would), and
// calls the API on the same origin. Proves the client runs with fetch and AbortSignal alone,
// and that a browser's opaque redirect is refused like any other.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@start-job-build/chromium';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, SHA, TOKEN } from './helpers/server.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const PAGE = { builds: [BUILD], pagination: { hasNextPage: false } };

// Runs in the page. Each outcome is recorded as plain data for the test to read back.
const app = `
import { ApiError, createClient, NotFoundError, ValidationError } from ${JSON.stringify(dist)};
const client = createClient({ token: ${JSON.stringify(TOKEN)}, baseUrl: location.origin });
const params = { projectId: 'default-project', jobId: 'nightly-report' };
const results = {};
const failure = (e) => ({
  name: e.name,
  status: e.status,
  isApiError: e instanceof ApiError,
  isNotFoundError: e instanceof NotFoundError,
  message: e.message,
});
results.build = await client.startJobBuild(params, { sha: ${JSON.stringify(SHA)} });
try {
  await client.startJobBuild(params, { overrides: { docker: { dockerFilePath: 'Dockerfile' } } });
} catch (e) {
  results.validation = { name: e.name, isValidationError: e instanceof ValidationError, issues: e.issues?.map((i) => i.pointer) };
}
try {
  await client.startJobBuild({ ...params, jobId: 'missing' });
} catch (e) {
  results.notFound = failure(e);
}
results.read = await client.getJobBuild({ ...params, buildId: 'joyous-view-6290' });
results.aborted = await client.abortJobBuild({ ...params, buildId: 'joyous-view-6290' });
results.page = await client.listJobBuilds({ ...params, per_page: 20, cursor: 'abc' });
try {
  await client.getJobBuild({ ...params, buildId: 'moved' });
  results.redirect = 'followed';
} catch (e) {
  results.redirect = failure(e);
}
window.__results = results;
`;

let server: Server;
let origin: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const received: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];
const problems: string[] = [];
const elsewhere: string[] = [];
let results: Record<string, unknown> = {};

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: app, loader: 'js', resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const url = req.url ?? '';
      const answer = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-1', ...headers });
        res.end(JSON.stringify(data));
      };
      if (req.method === 'GET' && url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>client</title><script type="module" src="/app.js"></script>');
      } else if (req.method === 'GET' && url === '/app.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(script);
      } else if (url.startsWith('/v1/')) {
        received.push({ method: req.method ?? '', url, headers: req.headers, body });
        if (url.includes('/jobs/missing/')) answer(404, { error: { status: 404, message: 'Job not found' } });
        else if (url.endsWith('/build/moved'))
          // Another origin (a different host name for the same loopback server).
          answer(
            307,
            {},
            { location: `http://localhost:${(server.address() as AddressInfo).port}/v1/moved-here` },
          );
        else if (req.method === 'DELETE') answer(200, { data: {} });
        else if (url.includes('/build?')) answer(200, { data: PAGE });
        else answer(200, { data: BUILD });
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();

  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    // Playwright also reports the target of a redirect it did not follow; the server (reachable
    // as localhost too) is the judge of whether that one was sent.
    if (!request.url().startsWith(origin) && !request.redirectedFrom()) elsewhere.push(request.url());
  });
  await page.goto(origin);
  results = (await (
    await page.waitForFunction(() => (window as { __results?: unknown }).__results)
  ).jsonValue()) as Record<string, unknown>;
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the client in Chromium', () => {
  it('starts a build with the token and the JSON body', () => {
    expect(results.build).toEqual(BUILD);
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.url).toBe('/v1/projects/default-project/jobs/nightly-report/build');
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ sha: SHA });
  });

  it('refuses an invalid body before sending, naming the broken field', () => {
    expect(results.validation).toEqual({
      name: 'ValidationError',
      isValidationError: true,
      issues: ['/overrides/docker/dockerFilePath'],
    });
    // The invalid body never left the page: the next request is the 404's.
    expect(received[1]?.url).toBe('/v1/projects/default-project/jobs/missing/build');
  });

  it('maps a 404 to NotFoundError', () => {
    expect(results.notFound).toMatchObject({ name: 'NotFoundError', status: 404, isNotFoundError: true });
  });

  it('reads, aborts and lists builds, one params object each', () => {
    expect(results.read).toEqual(BUILD);
    expect(results.aborted).toEqual({});
    expect(results.page).toEqual(PAGE);
    expect(received.slice(2, 5).map((r) => [r.method, r.url])).toEqual([
      ['GET', '/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290'],
      ['DELETE', '/v1/projects/default-project/jobs/nightly-report/build/joyous-view-6290'],
      ['GET', '/v1/projects/default-project/jobs/nightly-report/build?per_page=20&cursor=abc'],
    ]);
  });

  it('refuses a redirect without following it or re-sending the request', () => {
    expect(results.redirect).toMatchObject({ name: 'ApiError', isApiError: true });
    expect(received.map((r) => r.url)).not.toContain('/v1/moved-here');
    expect(received.filter((r) => r.url.endsWith('/build/moved'))).toHaveLength(1);
    expect((results.redirect as { message: string }).message).toMatch(/redirect to .* refused/);
  });

  it('does not name a wrong origin as the target of a redirect whose Location it cannot read', () => {
    // A browser hides an opaque redirect's Location (here another origin): the page's own
    // origin is not where the redirect pointed.
    expect((results.redirect as { message: string }).message).not.toContain(origin);
  });

  it('sends every request to the page origin, and nothing else', () => {
    expect(received.map((r) => r.method)).toEqual(['POST', 'POST', 'GET', 'DELETE', 'GET', 'GET']);
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
