// 3. Import cost: a fresh Node process that imports one package (ESM), against the same process
// importing nothing. Wall time is spawn to exit, measured by this process; the import time and memory
// (RSS, V8 heap after a full GC) are reported by the child itself (src/import-probe.mjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pairedDifferences, rotatedOrders, summarize } from './stats.mjs';
import { loadOurClient, OFFICIAL_PACKAGE, OUR_PACKAGE } from './subjects.mjs';

const probePath = fileURLToPath(new URL('./import-probe.mjs', import.meta.url));

export const IMPORT_SUBJECTS = [
  { id: 'empty', label: 'empty script (baseline)', specifier: '' },
  { id: 'ours', label: 'our client', specifier: OUR_PACKAGE },
  { id: 'openapi-fetch', label: 'bare openapi-fetch', specifier: 'openapi-fetch' },
  { id: 'official', label: '@northflank/js-client', specifier: OFFICIAL_PACKAGE },
];

function probe(specifier) {
  const start = performance.now();
  const args = ['--expose-gc', probePath, ...(specifier ? [specifier] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`importing ${specifier} failed: ${child.stderr.split('\n')[0]}`);
  return { wallMs, ...JSON.parse(child.stdout) };
}

export async function runImportCost({ runs, log }) {
  const ours = await loadOurClient();
  const subjects = IMPORT_SUBJECTS.map((s) =>
    s.id === 'ours' && !ours.module ? { ...s, unavailable: ours.reason } : s,
  );
  const live = subjects.filter((s) => !s.unavailable);
  // One warm-up each so the file-system cache is equally hot for every subject.
  for (const s of live) probe(s.specifier);
  const samples = new Map(live.map((s) => [s.id, []]));
  for (const order of rotatedOrders(live.length, runs)) {
    for (const index of order) samples.get(live[index].id).push(probe(live[index].specifier));
  }
  log(`import cost: ${runs} runs per subject done`);

  const pick = (id, key) => samples.get(id).map((sample) => sample[key]);
  const baseWall = pick('empty', 'wallMs');
  const baseRss = pick('empty', 'rss');
  const baseHeap = pick('empty', 'heapUsed');
  return {
    runs,
    rows: subjects.map((s) => {
      if (s.unavailable) return { id: s.id, label: s.label, unavailable: s.unavailable };
      return {
        id: s.id,
        label: s.label,
        wallMs: summarize(pick(s.id, 'wallMs')),
        overEmptyWallMs: pairedDifferences(pick(s.id, 'wallMs'), baseWall),
        importMs: summarize(pick(s.id, 'importMs')),
        rssDeltaBytes: pairedDifferences(pick(s.id, 'rss'), baseRss),
        heapDeltaBytes: pairedDifferences(pick(s.id, 'heapUsed'), baseHeap),
      };
    }),
  };
}
