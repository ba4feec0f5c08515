// Renders the results object as Markdown tables. Pure: unit-tested in test/.

export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const num = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
const range = (s, digits = 0) => `${num(s.min, digits)}–${num(s.max, digits)}`;
const bytes = (n) => (Number.isFinite(n) ? `${num(n)} B` : 'n/a');
const kib = (n) => (Number.isFinite(n) ? `${num(n / 1000, 1)} kB` : 'n/a');
const signedMs = (n) => (Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${num(n, 1)}` : 'n/a');
const signedMB = (n) => (Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${num(n / 1e6, 2)} MB` : 'n/a');

function section(title, result, render) {
  if (result === undefined) return `### ${title}\n\nnot run`;
  if (result.error) return `### ${title}\n\nerror: ${result.error}`;
  if (result.unavailable) return `### ${title}\n\nn/a: ${result.unavailable}`;
  return `### ${title}\n\n${render(result)}`;
}

export function renderPerCall(r) {
  const rows = r.cases.map((c) =>
    c.unavailable
      ? [c.label, `n/a: ${c.unavailable}`, '', '', '']
      : [
          c.label,
          num(c.median, 1),
          range(c, 1),
          `${num(c.ratioToOpenapiFetch.median, 3)} (${range(c.ratioToOpenapiFetch, 3)})`,
          `${num(c.ratioToFetch.median, 3)}`,
        ],
  );
  const note =
    `${r.rounds} interleaved rounds of ${num(r.callsPerRound)} sequential calls after ${num(r.warmupCalls)} ` +
    'warm-up calls each; a round’s figure is its median call; ratios are taken inside each round.';
  return `${table(['client', 'µs/call (median)', 'min–max of rounds', '× openapi-fetch (min–max)', '× fetch'], rows)}\n\n${note}`;
}

export function renderBundle(r) {
  const cell = (p) => (p.unavailable ? `n/a: ${p.unavailable}` : kib(p.rawBytes));
  const gz = (p) => (p.unavailable ? 'n/a' : bytes(p.gzipBytes));
  const factor = (p) =>
    Number.isFinite(p.officialNodeGzipOverThis) ? `${num(p.officialNodeGzipOverThis, 1)}×` : 'n/a';
  const rows = r.rows.map((row) => [
    row.label,
    cell(row.browser),
    gz(row.browser),
    cell(row.node),
    gz(row.node),
    factor(row.node),
  ]);
  const ours = r.rows.find((row) => row.id === 'ours')?.browser.gzipBytes;
  const floor = r.rows.find((row) => row.id === 'floor')?.browser.gzipBytes;
  const split =
    ours && floor
      ? ` Of our browser bundle, ${bytes(floor)} is openapi-fetch and the generated validators, ${bytes(ours - floor)} the client's own code.`
      : '';
  return `${table(['program', 'browser, minified', 'browser, gzip', 'Node, minified', 'Node, gzip', 'official Node gzip ÷ this'], rows)}\n\nesbuild: ${r.esbuild}; ${r.compression}.${split}`;
}

export function renderImportCost(r) {
  const rows = r.rows.map((row) =>
    row.unavailable
      ? [row.label, `n/a: ${row.unavailable}`, '', '', '', '']
      : [
          row.label,
          num(row.wallMs.median, 1),
          row.id === 'empty' ? '(baseline)' : signedMs(row.overEmptyWallMs.median),
          num(row.importMs.median, 2),
          row.id === 'empty' ? '(baseline)' : signedMB(row.rssDeltaBytes.median),
          row.id === 'empty' ? '(baseline)' : signedMB(row.heapDeltaBytes.median),
        ],
  );
  return `${table(['package', 'process wall ms', 'over empty, ms', 'import() ms', 'RSS Δ', 'heap Δ'], rows)}\n\nMedians of ${r.runs} fresh processes per package, interleaved.`;
}

export function renderValidation(r) {
  const rows = [
    ['valid body, validation on', num(r.valid.median), range(r.valid)],
    ['valid body, validation off', num(r.validNoValidation.median), range(r.validNoValidation)],
    ['valid body, bare openapi-fetch (reference)', num(r.openapiFetch.median), range(r.openapiFetch)],
    ['invalid body (rejected before fetch)', num(r.invalid.median), range(r.invalid)],
  ];
  const direct = r.validatorUs
    ? ` The generated validators alone (parameters, then each body branch) take ${num(r.validatorUs.median, 3)} µs per valid call (median of ${r.rounds} rounds of 100,000 direct calls).`
    : '';
  return `${table(['calls, no I/O', 'calls/s (median)', 'min–max of rounds'], rows)}\n\nThe check adds ${num(r.validationCostUs.median, 2)} µs to a valid call (median, paired by round, within the noise of whole calls).${direct} ${r.rounds} rounds of ${num(r.callsPerRound)} calls; ${r.method}.`;
}

export function renderPipeline(r) {
  const status = (run) => {
    if (run.exitCode !== 0) {
      return `failed (exit ${run.exitCode}${run.failed?.length ? `: ${run.failed.join(', ')}` : ''})`;
    }
    const cached = `${run.cached ?? '?'}/${run.total ?? '?'} cached${run.fullTurbo ? ' (FULL TURBO)' : ''}`;
    return run.cached !== run.total && run.missed?.length
      ? `${cached}; ran ${run.missed.join(', ')}`
      : cached;
  };
  const rows = [['cold (empty turbo cache)', num(r.cold.seconds, 2), status(r.cold)]];
  r.warm.forEach((run, i) => {
    rows.push([`warm #${i + 1} (nothing changed)`, num(run.seconds, 2), status(run)]);
  });
  return table([`\`${r.command}\``, 'seconds', 'tasks'], rows);
}

export function renderDocsPage(r) {
  const rows = [
    [
      bytes(r.transferGzipBytes.median),
      bytes(r.uncompressedBytes.median),
      String(r.requests),
      num(r.visibleMs.median),
      range(r.visibleMs),
      r.foreignRequests.length ? r.foreignRequests.join(', ') : 'none',
    ],
  ];
  return `${table(['transfer (gzip)', 'uncompressed', 'requests', 'operation visible, ms (median)', 'min–max', 'requests off 127.0.0.1'], rows)}\n\n${r.runs} cold loads in headless Chromium ${r.chromium}, measured by ${r.source ?? 'the bench'}.`;
}

export function renderBudgets(budgets) {
  return budgets.map((b) => `${b.status} ${b.name}: ${b.measured} (budget ${b.limit})`).join('\n');
}

export function renderReport(results) {
  const m = results.meta;
  const head = `## Benchmarks\n\nMeasured ${m.date} on ${m.cpu} (${m.cores} cores, load ${m.loadAverage}), Node ${m.node}, commit ${m.commit}.`;
  return [
    head,
    section('Per-call time', results.perCall, renderPerCall),
    section('Bundle size', results.bundle, renderBundle),
    section('Import cost', results.importCost, renderImportCost),
    section('Validation throughput', results.validation, renderValidation),
    section('Pipeline', results.pipeline, renderPipeline),
    section('Docs page', results.docsPage, renderDocsPage),
  ].join('\n\n');
}
