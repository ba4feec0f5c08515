// `pnpm bench`: runs every measurement in one process tree on this machine, prints the Markdown report,
// writes the same figures to results/latest.json, then prints one PASS/FAIL line per budget and exits
// non-zero when any budget fails. See README.md for what each section measures.
//
//   node --expose-gc src/run.mjs [--only=per-call,bundle,...] [--skip=pipeline] [--quick]
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { evaluateBudgets } from './budgets.mjs';
import { runBundles } from './bundle.mjs';
import { runDocsPage } from './docs-page.mjs';
import { runImportCost } from './import-cost.mjs';
import { runPerCall } from './per-call.mjs';
import { REPO_ROOT, runPipeline } from './pipeline.mjs';
import { renderBudgets, renderReport } from './report.mjs';
import { packageVersion } from './subjects.mjs';
import { runValidation } from './validation.mjs';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});

// Sizes chosen so the whole bench takes a few minutes on 2 busy cores; --quick is for trying changes.
const scale = args.quick ? 0.2 : 1;
const count = (n) => Math.max(1, Math.round(n * scale));
const SECTIONS = {
  bundle: { key: 'bundle', run: (log) => runBundles({ log }) },
  'import-cost': { key: 'importCost', run: (log) => runImportCost({ runs: args.quick ? 5 : 21, log }) },
  validation: {
    key: 'validation',
    run: (log) => runValidation({ rounds: args.quick ? 3 : 7, callsPerRound: count(4_000), log }),
  },
  'per-call': {
    key: 'perCall',
    run: (log) =>
      runPerCall({
        rounds: args.quick ? 3 : 7,
        callsPerRound: count(1_500),
        warmupCalls: count(1_000),
        log,
      }),
  },
  'docs-page': { key: 'docsPage', run: (log) => runDocsPage({ runs: args.quick ? 3 : 7, log }) },
  // Last: it rebuilds every package, which must not overlap the other measurements.
  pipeline: { key: 'pipeline', run: (log) => runPipeline({ warmRuns: 3, log }) },
};

const list = (value) => (value ? value.split(',').map((s) => s.trim()) : []);
const only = list(args.only);
const skip = list(args.skip);
for (const name of [...only, ...skip]) {
  if (!SECTIONS[name]) {
    console.error(`unknown section "${name}"; sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
}
const selected = Object.keys(SECTIONS).filter((n) => (only.length ? only.includes(n) : !skip.includes(n)));

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const log = (line) => console.error(`[bench] ${line}`);
const results = {
  meta: {
    date: new Date().toISOString(),
    node: process.versions.node,
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    loadAverage: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
    commit: gitCommit(),
    quick: args.quick,
    sections: selected,
    versions: {
      openapiFetch: packageVersion('openapi-fetch'),
      officialClient: packageVersion('@northflank/js-client'),
      esbuild: packageVersion('esbuild'),
    },
  },
};

const started = performance.now();
for (const name of selected) {
  const { key, run } = SECTIONS[name];
  log(`${name}: start`);
  try {
    results[key] = await run(log);
  } catch (error) {
    // One broken section must not hide the others: record it, fail its budgets, carry on.
    log(`${name}: ERROR ${error.stack ?? error}`);
    results[key] = { error: String(error.message ?? error).split('\n')[0] };
  }
}
results.meta.durationSeconds = Math.round((performance.now() - started) / 1000);
results.budgets = evaluateBudgets(results);

const resultsDir = new URL('../results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
await writeFile(new URL('latest.json', resultsDir), `${JSON.stringify(results, null, 2)}\n`);

console.log(renderReport(results));
console.log(`\n### Budgets\n\n\`\`\`\n${renderBudgets(results.budgets)}\n\`\`\``);
log(`done in ${results.meta.durationSeconds} s; figures in apps/bench/results/latest.json`);
const failed = results.budgets.filter((b) => b.status === 'FAIL');
if (failed.length) {
  log(`${failed.length} budget(s) failed`);
  process.exitCode = 1;
}
