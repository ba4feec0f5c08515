#!/usr/bin/env node
// What the docs page costs a reader:
// - transfer: the bytes the server sends for one page load, gzipped (level 9) as a static host
//   would serve them; budget 1 MB (deterministic, so it passes or fails).
// - time to visible: from navigation start (the page's performance.now() origin) to the first
//   animation frame in which the operation's heading is laid out inside the viewport, in headless
//   Chromium. Reported, never judged: an absolute time in milliseconds passes or fails with the
//   machine's load, not with the page.
// Each load gets a new browser context (empty cache); a first, uncounted load warms the browser.
//
// CLI: node scripts/measure.mjs [--runs N] [--root DIR]   prints one JSON object.
// Library: import { measureDocsPage } from '@start-job-build/docs/measure' (or this file).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '@start-job-build/chromium';
import { BUNDLED_SPEC_JSON, DIST_DIR, findOperation } from './build.mjs';
import { serveStatic } from './static-server.mjs';

export const BUDGETS = { transferGzipBytes: 1_000_000 };

/** The operation's summary, which Redoc renders as its heading. */
export function operationSummary(doc = JSON.parse(readFileSync(BUNDLED_SPEC_JSON, 'utf8'))) {
  const summary = findOperation(doc, 'startJobBuild')?.operation.summary;
  if (!summary) throw new Error('The bundled spec has no summary for startJobBuild.');
  return summary;
}

/** Runs in the page before any of its scripts: records when the heading first shows on screen. */
function watchForHeading(summary) {
  const check = () => {
    for (const el of document.querySelectorAll('h1, h2, h3')) {
      if (el.textContent?.trim() !== summary) continue;
      const box = el.getBoundingClientRect();
      const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
      if (onScreen && getComputedStyle(el).visibility !== 'hidden') {
        window.__operationVisibleAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const round = (n) => Math.round(n * 10) / 10;
  return {
    median: round(median),
    min: round(sorted[0]),
    max: round(sorted.at(-1)),
    samples: values.map(round),
  };
}

/**
 * Loads the built page `runs` times and reports transfer size and time to visible.
 * @param {{ root?: string, runs?: number, viewport?: { width: number, height: number } }} [options]
 */
export async function measureDocsPage({
  root = DIST_DIR,
  runs = 5,
  viewport = { width: 1280, height: 800 },
} = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${join(root, 'index.html')} is missing; build the docs first (pnpm build).`);
  }
  const summary = operationSummary();
  const server = await serveStatic(root, { gzip: true });
  const browser = await launchChromium();
  try {
    const loads = [];
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
      const page = await context.newPage();
      const foreign = [];
      page.on('request', (request) => {
        const { protocol, hostname } = new URL(request.url());
        if (protocol !== 'data:' && protocol !== 'blob:' && hostname !== '127.0.0.1')
          foreign.push(request.url());
      });
      await page.addInitScript(watchForHeading, summary);
      server.resetCounters();
      await page.goto(server.url, { waitUntil: 'load' });
      const visibleMs = await (
        await page.waitForFunction(() => window.__operationVisibleAt, undefined, { timeout: 30_000 })
      ).jsonValue();
      await page.waitForLoadState('networkidle');
      if (i > 0) loads.push({ visibleMs, ...server.counters, foreign });
      await context.close();
    }
    const transfer = loads.at(-1).sentBytes;
    const visible = summarize(loads.map((load) => load.visibleMs));
    return {
      page: 'apps/docs/dist/index.html',
      runs,
      chromium: browser.version(),
      transferGzipBytes: transfer,
      uncompressedBytes: loads.at(-1).rawBytes,
      requests: loads.at(-1).requests,
      visibleMs: visible,
      foreignRequests: [...new Set(loads.flatMap((load) => load.foreign))],
      budgets: BUDGETS,
      withinBudget: { transferGzipBytes: transfer <= BUDGETS.transferGzipBytes },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, root: { type: 'string' } } });
  const runs = values.runs ? Number(values.runs) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  const result = await measureDocsPage({ runs, root: values.root ? resolve(values.root) : DIST_DIR });
  console.log(JSON.stringify(result, null, 2));
  if (!result.withinBudget.transferGzipBytes || result.foreignRequests.length) process.exitCode = 1;
}
