import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateBudgets, LIMITS } from '../src/budgets.mjs';
import { parseTurboSummary } from '../src/pipeline.mjs';

const s = (median) => ({ n: 1, median, min: median, max: median, q1: median, q3: median });

function passingResults() {
  return {
    perCall: { cases: [{ id: 'ours', ratioToOpenapiFetch: s(1.02) }] },
    bundle: {
      rows: [
        { id: 'ours', browser: { gzipBytes: 4_000 }, node: { gzipBytes: 4_100 } },
        {
          id: 'official',
          browser: { unavailable: 'does not bundle for browsers' },
          node: { gzipBytes: 168_000 },
        },
      ],
    },
    importCost: { rows: [{ id: 'ours', overEmptyWallMs: s(3), importMs: s(4) }] },
    pipeline: {
      cold: { exitCode: 0 },
      warm: [{ exitCode: 0, cached: 5, total: 5, fullTurbo: true }],
      warmSeconds: s(1.2),
      warmAllCached: true,
    },
    docsPage: { transferGzipBytes: s(400_000), visibleMs: s(900) },
  };
}

const statuses = (results) => evaluateBudgets(results).map((b) => b.status);

describe('evaluateBudgets', () => {
  it('passes every budget when every figure is within its limit', () => {
    assert.deepEqual(statuses(passingResults()), Array(6).fill('PASS'));
  });

  it('holds the limits issue 12 set, and keeps the factor against the official client', () => {
    assert.equal(LIMITS.perCallRatio, 1.2);
    assert.equal(LIMITS.bundleGzipBytes, 7_000);
    assert.equal(LIMITS.importOverEmptyMs, 10);
    assert.equal(LIMITS.bundleOfficialFactor, 25);
  });

  it('fails the per-call budget just above 1.20x, passes it at 1.20x', () => {
    const results = passingResults();
    results.perCall.cases[0].ratioToOpenapiFetch = s(1.2);
    assert.equal(evaluateBudgets(results)[0].status, 'PASS');
    results.perCall.cases[0].ratioToOpenapiFetch = s(1.201);
    assert.equal(evaluateBudgets(results)[0].status, 'FAIL');
  });

  it('judges the larger of the two bundles and the factor against the official Node bundle', () => {
    const results = passingResults();
    results.bundle.rows[0].browser.gzipBytes = 7_001;
    assert.deepEqual(statuses(results).slice(1, 3), ['FAIL', 'PASS']);
    results.bundle.rows[0].browser.gzipBytes = 4_000;
    results.bundle.rows[0].node.gzipBytes = 7_000;
    results.bundle.rows[1].node.gzipBytes = 175_000;
    // 175000 / 7000 = 25x: within both budgets.
    assert.deepEqual(statuses(results).slice(1, 3), ['PASS', 'PASS']);
    // 168000 / 7000 = 24x: the size passes, the factor does not.
    results.bundle.rows[1].node.gzipBytes = 168_000;
    assert.deepEqual(statuses(results).slice(1, 3), ['PASS', 'FAIL']);
  });

  it('judges import cost by the larger of the wall-time difference and the in-process import time', () => {
    const results = passingResults();
    results.importCost.rows[0].overEmptyWallMs = s(0.5);
    results.importCost.rows[0].importMs = s(10.5);
    assert.equal(evaluateBudgets(results)[3].status, 'FAIL');
    results.importCost.rows[0].overEmptyWallMs = s(11);
    results.importCost.rows[0].importMs = s(2);
    assert.equal(evaluateBudgets(results)[3].status, 'FAIL');
  });

  it('fails a fast warm build that was not fully cached', () => {
    const results = passingResults();
    results.pipeline.warmAllCached = false;
    const warm = evaluateBudgets(results)[4];
    assert.equal(warm.status, 'FAIL');
    assert.match(warm.measured, /not all cached/);
  });

  it('fails the budgets of a client that is missing, and skips sections that were not run', () => {
    const results = passingResults();
    results.perCall.cases[0] = { id: 'ours', unavailable: 'not built' };
    delete results.docsPage;
    const budgets = evaluateBudgets(results);
    assert.equal(budgets[0].status, 'FAIL');
    assert.equal(budgets[0].measured, 'not built');
    assert.deepEqual(
      budgets.slice(5).map((b) => b.status),
      ['SKIP'],
    );
  });

  it('judges the docs page by its bytes only: any time to visible passes, a byte over 1 MB fails', () => {
    const results = passingResults();
    results.docsPage.visibleMs = s(60_000);
    const docs = evaluateBudgets(results).filter((b) => b.name.startsWith('docs page'));
    assert.deepEqual(
      docs.map((b) => [b.name, b.status]),
      [['docs page transfer, gzipped', 'PASS']],
    );
    assert.equal(LIMITS.docsVisibleMs, undefined);
    results.docsPage.transferGzipBytes = s(1_000_001);
    assert.equal(evaluateBudgets(results).at(-1).status, 'FAIL');
  });

  it('fails the budgets of a section that threw', () => {
    const results = passingResults();
    results.importCost = { error: 'boom' };
    assert.equal(evaluateBudgets(results)[3].status, 'FAIL');
  });
});

describe('parseTurboSummary', () => {
  it('reads a fully cached run', () => {
    const out =
      ' Tasks:    6 successful, 6 total\nCached:    6 cached, 6 total\n  Time:    412ms >>> FULL TURBO\n';
    assert.deepEqual(parseTurboSummary(out), {
      successful: 6,
      total: 6,
      cached: 6,
      fullTurbo: true,
      missed: [],
      failed: [],
    });
  });

  it('reads a partly cached run through colour codes', () => {
    const out = [
      '\x1b[2m@start-job-build/types:build\x1b[0m: cache miss, executing 9f3c1a',
      '@start-job-build/spec:lint: cache hit, replaying logs 77aa01',
      '@start-job-build/types:build: > tsc',
      ' Tasks:    \x1b[32;1m6 successful\x1b[0m, 6 total',
      'Cached:    2 cached, 6 total',
    ].join('\n');
    assert.deepEqual(parseTurboSummary(out), {
      successful: 6,
      total: 6,
      cached: 2,
      fullTurbo: false,
      missed: ['@start-job-build/types:build'],
      failed: [],
    });
  });

  it('names the tasks that failed', () => {
    const out =
      ' Tasks:    3 successful, 4 total\nCached:    0 cached, 4 total\nFailed:    @start-job-build/client#build\n';
    assert.deepEqual(parseTurboSummary(out).failed, ['@start-job-build/client#build']);
  });
});
