// 6. Docs page: the docs package measures its own page (apps/docs/scripts/measure.mjs): served
// from 127.0.0.1 with gzip, loaded in headless Chromium with a cold cache per run, transfer summed
// over the responses of one load, "visible" read from the page's own clock when the operation's
// heading is first laid out in the viewport. The bench reuses it, so both report one figure.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIR } from '@start-job-build/docs/build';
import { measureDocsPage } from '@start-job-build/docs/measure';
import { summarize } from './stats.mjs';

const chromePath = () => process.env.CHROME_PATH || '/usr/bin/chromium';
const constant = (n) => ({ n: 1, median: n, min: n, max: n, q1: n, q3: n });

export async function runDocsPage({ runs, log }) {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    return { unavailable: 'apps/docs/dist/index.html is missing (run pnpm build)' };
  }
  if (!existsSync(chromePath())) {
    return {
      unavailable: `Chromium not found at ${chromePath()}: install it (apt-get install chromium) or set CHROME_PATH`,
    };
  }
  const r = await measureDocsPage({ runs });
  log(`docs page: ${runs} loads done`);
  return {
    source: 'apps/docs/scripts/measure.mjs',
    runs: r.runs,
    chromium: r.chromium,
    visibleMs: { ...summarize(r.visibleMs.samples), samples: r.visibleMs.samples },
    // The served bytes do not change between loads: the last load's figure stands for all.
    transferGzipBytes: constant(r.transferGzipBytes),
    uncompressedBytes: constant(r.uncompressedBytes),
    requests: r.requests,
    foreignRequests: r.foreignRequests,
  };
}
