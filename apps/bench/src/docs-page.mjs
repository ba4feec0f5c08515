// 6. Docs page: apps/docs/dist served from 127.0.0.1 with gzip (as any static host would), loaded in
// headless Chromium with a cold cache per run. Transfer is the sum of the response bodies the server
// sent for one page load, gzipped; "visible" is the page's own clock (performance.now(), which starts at
// navigation) when the operation's heading is first laid out inside the viewport.
//
// The docs package ships this measurement itself (apps/docs/scripts/measure.mjs, measureDocsPage());
// the bench uses it when it is there, so the docs and the bench report one figure, and falls back to
// the equivalent implementation below when it is not.
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from './pipeline.mjs';
import { summarize } from './stats.mjs';

const require = createRequire(import.meta.url);
const spec = require('@start-job-build/types/openapi.json');
export const OPERATION_SUMMARY = spec.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post.summary;
export const DOCS_DIST = join(REPO_ROOT, 'apps/docs/dist');
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.yaml', '.svg']);

/** A static server for `root` that gzips text and counts what it sends. */
async function serveStatic(directory) {
  const root = resolve(directory);
  const counters = { requests: 0, sentBytes: 0, rawBytes: 0, files: [] };
  const gzipCache = new Map();
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || (await stat(file)).isDirectory()) {
      if (existsSync(join(file, 'index.html'))) file = join(file, 'index.html');
      else {
        res.writeHead(404).end();
        return;
      }
    }
    const ext = extname(file);
    const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    const raw = await readFile(file);
    counters.requests++;
    counters.rawBytes += raw.length;
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(raw, { level: 9 }));
      const body = gzipCache.get(file);
      counters.sentBytes += body.length;
      counters.files.push({ path: pathname, rawBytes: raw.length, sentBytes: body.length });
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    } else {
      counters.sentBytes += raw.length;
      counters.files.push({ path: pathname, rawBytes: raw.length, sentBytes: raw.length });
      res.writeHead(200, { ...headers, 'content-length': raw.length });
      createReadStream(file).pipe(res);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    counters,
    reset() {
      Object.assign(counters, { requests: 0, sentBytes: 0, rawBytes: 0, files: [] });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Runs in the page: the time the operation's heading first has a box, or null while it has none. */
function operationVisibleAt(summary) {
  for (const el of document.querySelectorAll('h1, h2, h3')) {
    if (el.textContent?.trim() !== summary) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden')
      return performance.now();
  }
  return null;
}

export function chromePath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

export const DOCS_MEASURE = join(REPO_ROOT, 'apps/docs/scripts/measure.mjs');

/** The docs package's own measurement, mapped onto the bench's result shape. */
async function measureWithDocsScript(runs, log) {
  const { measureDocsPage } = await import(pathToFileURL(DOCS_MEASURE).href);
  if (typeof measureDocsPage !== 'function') return undefined;
  if (!existsSync(join(DOCS_DIST, 'index.html'))) {
    return { unavailable: 'apps/docs/dist/index.html is missing (run pnpm build)' };
  }
  const r = await measureDocsPage({ runs });
  if (!Array.isArray(r?.visibleMs?.samples) || !Number.isFinite(r?.transferGzipBytes)) {
    log('docs page: apps/docs/scripts/measure.mjs returned an unknown shape; measuring with the bench');
    return undefined;
  }
  log(`docs page: ${runs} loads done (apps/docs/scripts/measure.mjs)`);
  const bytes = (n) => ({ n: 1, median: n, min: n, max: n, q1: n, q3: n });
  return {
    source: 'apps/docs/scripts/measure.mjs',
    runs: r.runs,
    chromium: r.chromium,
    // The served bytes do not change between loads: the figure of the last load stands for all.
    visibleMs: { ...summarize(r.visibleMs.samples), samples: r.visibleMs.samples },
    transferGzipBytes: bytes(r.transferGzipBytes),
    uncompressedBytes: bytes(r.uncompressedBytes),
    requests: r.requests,
    foreignRequests: r.foreignRequests,
  };
}

export async function runDocsPage({ runs, log, root = DOCS_DIST }) {
  if (root === DOCS_DIST && existsSync(DOCS_MEASURE)) {
    const viaDocs = await measureWithDocsScript(runs, log);
    if (viaDocs) return viaDocs;
  }
  return measureHere({ runs, log, root });
}

async function measureHere({ runs, log, root }) {
  if (!existsSync(join(root, 'index.html'))) {
    return { unavailable: 'apps/docs/dist/index.html is missing (run pnpm build)' };
  }
  if (!existsSync(chromePath())) {
    return {
      unavailable: `Chromium not found at ${chromePath()}: install it (apt-get install chromium) or set CHROME_PATH`,
    };
  }
  const server = await serveStatic(root);
  // launch() gives the browser a fresh temporary profile; a new context per load starts with an empty cache.
  const browser = await chromium.launch({ executablePath: chromePath(), args: CHROME_FLAGS });
  try {
    const samples = [];
    let lastLoad;
    // The first load warms the browser process itself and is not counted.
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const foreign = [];
      page.on('request', (request) => {
        const { protocol, hostname } = new URL(request.url());
        if ((protocol === 'http:' || protocol === 'https:') && hostname !== '127.0.0.1') {
          foreign.push(request.url());
        }
      });
      server.reset();
      await page.goto(server.url, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(operationVisibleAt, OPERATION_SUMMARY, {
        polling: 'raf',
        timeout: 20_000,
      });
      const visibleMs = await handle.jsonValue();
      await page.waitForLoadState('networkidle');
      lastLoad = {
        visibleMs,
        sentBytes: server.counters.sentBytes,
        rawBytes: server.counters.rawBytes,
        requests: server.counters.requests,
        files: server.counters.files,
        foreign,
      };
      if (i > 0) samples.push(lastLoad);
      await context.close();
    }
    log(`docs page: ${runs} loads done`);
    return {
      source: 'apps/bench/src/docs-page.mjs',
      runs,
      chromium: browser.version(),
      visibleMs: summarize(samples.map((s) => s.visibleMs)),
      transferGzipBytes: summarize(samples.map((s) => s.sentBytes)),
      uncompressedBytes: summarize(samples.map((s) => s.rawBytes)),
      requests: lastLoad.requests,
      files: lastLoad.files,
      foreignRequests: [...new Set(samples.flatMap((s) => s.foreign))],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
