// The client in a real browser: Debian's Chromium loads a page from 127.0.0.1 whose module is the
// browser bundle of the built client (dist/index.js, bundled by esbuild as an app would), and
// starts builds against the same origin. Proves the build runs with fetch and AbortSignal alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@start-job-build/chromium';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, SHA, TOKEN } from './helpers/server.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// Runs in the page. Each outcome is recorded as plain data for the test to read back.
const app = `
import { createClient, NotFoundError, ValidationError } from ${JSON.stringify(dist)};
const client = createClient({ token: ${JSON.stringify(TOKEN)}, baseUrl: location.origin });
const params = { projectId: 'default-project', jobId: 'nightly-report' };
const results = {};
results.build = await client.startJobBuild(params, { sha: ${JSON.stringify(SHA)} });
try {
  await client.startJobBuild(params, { overrides: { docker: { dockerFilePath: 'Dockerfile' } } });
} catch (e) {
  results.validation = { name: e.name, isValidationError: e instanceof ValidationError, issues: e.issues.map((i) => i.pointer) };
}
try {
  await client.startJobBuild({ ...params, jobId: 'missing' });
} catch (e) {
  results.notFound = { name: e.name, status: e.status, isNotFoundError: e instanceof NotFoundError, message: e.message };
}
window.__results = results;
`;

let server: Server;
let origin: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const received: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];

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
      if (req.method === 'GET' && req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>client</title><script type="module" src="/app.js"></script>');
      } else if (req.method === 'GET' && req.url === '/app.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(script);
      } else if (req.url?.startsWith('/v1/')) {
        received.push({ method: req.method ?? '', url: req.url, headers: req.headers, body });
        const missing = req.url.includes('/jobs/missing/');
        res.writeHead(missing ? 404 : 200, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
        res.end(
          JSON.stringify(missing ? { error: { status: 404, message: 'Job not found' } } : { data: BUILD }),
        );
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the client in Chromium', () => {
  it('starts a build, refuses an invalid body before sending, and maps a 404', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) elsewhere.push(request.url());
    });
    await page.goto(origin);
    const results = await (
      await page.waitForFunction(() => (window as { __results?: unknown }).__results)
    ).jsonValue();
    await page.close();

    expect(results).toEqual({
      build: BUILD,
      validation: {
        name: 'ValidationError',
        isValidationError: true,
        issues: ['/overrides/docker/dockerFilePath'],
      },
      notFound: expect.objectContaining({ name: 'NotFoundError', status: 404, isNotFoundError: true }),
    });
    // The invalid body never left the page: two API requests, not three.
    expect(received.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/v1/projects/default-project/jobs/nightly-report/build'],
      ['POST', '/v1/projects/default-project/jobs/missing/build'],
    ]);
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ sha: SHA });
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
