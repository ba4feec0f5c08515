// 5. Pipeline: `pnpm build` at the repository root, first with turbo's cache empty (a fresh cache
// directory through TURBO_CACHE_DIR, so nobody else's cache or outputs are deleted), then again with
// nothing changed, which should replay every task from that cache ("FULL TURBO").
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './stats.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Turbo's run summary, read from its output: `Tasks: 3 successful, 3 total` and `Cached: 3 cached, 3 total`. */
export function parseTurboSummary(output) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(text);
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(text);
  return {
    successful: tasks ? Number(tasks[1]) : null,
    total: tasks ? Number(tasks[2]) : cached ? Number(cached[2]) : null,
    cached: cached ? Number(cached[1]) : null,
    fullTurbo: /FULL TURBO/.test(text),
    // Tasks that ran instead of replaying, e.g. `@start-job-build/types:build: cache miss, executing 1a2b`.
    missed: [...new Set([...text.matchAll(/^\s*(\S+:\S+): cache miss/gm)].map((m) => m[1]))],
    // `Failed:    @start-job-build/client#build` (one line per failed task).
    failed: [...text.matchAll(/^\s*Failed:\s+(\S+)/gm)].map((m) => m[1]),
  };
}

function runBuild(cacheDir) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn('pnpm', ['build'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TURBO_CACHE_DIR: cacheDir, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      resolve({ seconds, exitCode: code, ...parseTurboSummary(output), tail: output.split('\n').slice(-15) });
    });
  });
}

export async function runPipeline({ warmRuns, log }) {
  const cacheDir = await mkdtemp(join(tmpdir(), 'bench-turbo-cache-'));
  try {
    log('pipeline: cold pnpm build (empty turbo cache)...');
    const cold = await runBuild(cacheDir);
    log(`pipeline: cold build ${cold.exitCode === 0 ? 'done' : 'FAILED'} in ${cold.seconds.toFixed(1)} s`);
    const warm = [];
    if (cold.exitCode === 0) {
      for (let i = 0; i < warmRuns; i++) warm.push(await runBuild(cacheDir));
      log(`pipeline: ${warmRuns} warm builds done`);
    }
    const strip = ({ tail, ...run }) => (run.exitCode === 0 ? run : { ...run, tail });
    return {
      command: 'pnpm build',
      cold: strip(cold),
      warm: warm.map(strip),
      warmSeconds: summarize(warm.map((run) => run.seconds)),
      warmAllCached: warm.length > 0 && warm.every((run) => run.exitCode === 0 && run.fullTurbo),
    };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}
