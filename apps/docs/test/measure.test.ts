// The bench script (pnpm --filter @start-job-build/docs bench) is exercised here with one load so
// it cannot rot; its timings are reported by the bench, never asserted. The byte budget is
// deterministic, so it is asserted: the page is one file and its gzip size is what a static host
// sends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST_DIR } from '../scripts/build.mjs';
import { BUDGETS, measureDocsPage, operationSummary } from '../scripts/measure.mjs';
import { builtPage } from './helpers.js';

describe('docs bench', () => {
  it('keeps the page within the 1 MB gzipped transfer budget', () => {
    builtPage();
    const gzipped = gzipSync(readFileSync(join(DIST_DIR, 'index.html')), { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(BUDGETS.transferGzipBytes);
  });

  it('measures transfer and time to visible in Chromium, with nothing fetched from elsewhere', async () => {
    const result = await measureDocsPage({ runs: 1 });
    const page = readFileSync(join(DIST_DIR, 'index.html'));
    expect(operationSummary()).toBe('Start job build');
    expect(result.requests).toBe(1);
    expect(result.uncompressedBytes).toBe(page.length);
    expect(result.transferGzipBytes).toBe(gzipSync(page, { level: 9 }).length);
    expect(result.foreignRequests).toEqual([]);
    expect(result.visibleMs.samples).toHaveLength(1);
    expect(result.visibleMs.median).toBeGreaterThan(0);
    expect(result.visibleMs.median).toBeLessThan(30_000);
    // Only the bytes are a budget; the time is a figure to read, not a pass or fail.
    expect(result.budgets).toEqual({ transferGzipBytes: 1_000_000 });
    expect(BUDGETS).toEqual(result.budgets);
    expect(Object.keys(result.withinBudget)).toEqual(['transferGzipBytes']);
  });
});
