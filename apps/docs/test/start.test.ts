// `pnpm start` as a reader runs it from the repository root, stopped the way a terminal stops it:
// Ctrl+C sends SIGINT to every process of the foreground process group (pnpm, the shells of its
// scripts, turbo, the preview and Prism) at once. The command must shut both servers down and exit
// 0, without pnpm reporting a failed script (ELIFECYCLE). Both `start` scripts (the root's and
// apps/docs') `exec` their last command: otherwise the `sh -c` pnpm runs a script in dies of the
// SIGINT, pnpm reports that as a failure, and a pnpm that is told twice escalates to SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCS_DIR } from '../scripts/build.mjs';

const repoRoot = resolve(DOCS_DIR, '../..');
let child: ChildProcess | undefined;

afterAll(() => {
  // If the test failed before the group stopped, take every process of it down.
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {} // already gone
  }
});

describe('pnpm start', () => {
  it('serves the docs and the mock, and stops on Ctrl+C (SIGINT to the group) with exit code 0', async () => {
    // detached: the command leads a process group of its own, like a job in a terminal.
    const started = spawn('pnpm', ['start'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOCS_PORT: '0', MOCK_PORT: '0', FORCE_COLOR: '0' },
    });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    started.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      started.once('exit', (code, signal) => done({ code, signal })),
    );

    const deadline = Date.now() + 90_000;
    while (!output.includes('Ctrl+C')) {
      if (started.exitCode !== null) throw new Error(`pnpm start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`pnpm start did not serve within 90 s:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
    const docsUrl = output.match(/API docs:\s+(\S+)/)?.[1] ?? '';
    const mockUrl = output.match(/Prism mock:\s+(\S+)/)?.[1] ?? '';
    expect((await fetch(docsUrl)).status).toBe(200);
    const mocked = await fetch(`${mockUrl}/v1/projects/p/jobs/j/build`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mocked.status).toBe(200);

    process.kill(-(started.pid as number), 'SIGINT');
    const { code, signal } = await exited;
    expect({ code, signal, failure: output.match(/ELIFECYCLE|ERR_PNPM\w*|Error\b.*/)?.[0] ?? null }).toEqual({
      code: 0,
      signal: null,
      failure: null,
    });
    await expect(fetch(docsUrl)).rejects.toThrow();
    await expect(fetch(mockUrl)).rejects.toThrow();
  }, 120_000);
});
