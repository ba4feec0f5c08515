// Under GitHub Actions: build-id, status and success in $GITHUB_OUTPUT, a short summary in
// $GITHUB_STEP_SUMMARY; neither is touched elsewhere.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { type FakeServer, startServer } from './helpers/server.js';

let server: FakeServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'job-build-gha-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let count = 0;
/** Runs under GitHub Actions with fresh output and summary files (which hold an earlier step's lines). */
async function underActions(args: string[], actions = 'true') {
  const output = join(dir, `output-${++count}`);
  const summary = join(dir, `summary-${count}`);
  writeFileSync(output, 'earlier=step\n');
  writeFileSync(summary, '');
  const result = await runCli(args, {
    env: { GITHUB_ACTIONS: actions, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
  });
  return { result, output: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8') };
}

const job = (name: string) => ['--base-url', server.url, '--project', 'default-project', '--job', name];
const FAST = ['--poll-interval', '20ms'];

describe('GitHub Actions outputs and job summary', () => {
  it('a build that succeeded', async () => {
    const { result, output, summary } = await underActions(['start', ...job('nightly'), '--wait', ...FAST]);
    expect(result.code).toBe(0);
    const id = /Started build (build-\d+)/.exec(result.stderr)?.[1];
    expect(output).toBe(`earlier=step\nbuild-id=${id}\nstatus=SUCCESS\nsuccess=true\n`);
    expect(summary).toMatch(/^### Northflank job build\n\n\| \| \|\n\| --- \| --- \|\n/);
    expect(summary).toContain('| Project | default-project |');
    expect(summary).toContain('| Job | nightly |');
    expect(summary).toContain(`| Build | \`${id}\` |`);
    expect(summary).toContain('| Status | SUCCESS |');
    expect(summary).toContain('| Outcome | succeeded (SUCCESS) |');
    expect(summary).toMatch(/\| Waited \| \S+ \|/);
  });

  it('a build that failed: success=false, and its message in the summary', async () => {
    const { result, output, summary } = await underActions(['start', ...job('broken'), '--wait', ...FAST]);
    expect(result.code).toBe(1);
    expect(output).toMatch(/^earlier=step\nbuild-id=build-\d+\nstatus=FAILURE\nsuccess=false\n$/);
    expect(summary).toContain(
      '| Outcome | concluded without success (FAILURE: step 3/7 failed: exit code 1) |',
    );
  });

  it('a build started without waiting: success stays empty', async () => {
    const { result, output, summary } = await underActions(['start', ...job('nightly')]);
    expect(result.code).toBe(0);
    expect(output).toMatch(/^earlier=step\nbuild-id=build-\d+\nstatus=PENDING\nsuccess=\n$/);
    expect(summary).toContain('| Outcome | started |');
  });

  it('a wait that timed out: the build id and its last status', async () => {
    const { result, output, summary } = await underActions([
      'start',
      ...job('slow'),
      '--wait',
      ...FAST,
      '--timeout',
      '200ms',
    ]);
    expect(result.code).toBe(4);
    expect(output).toMatch(/^earlier=step\nbuild-id=build-\d+\nstatus=BUILDING\nsuccess=\n$/);
    expect(summary).toContain('| Outcome | still running: the wait timed out |');
  });

  it('nothing is written for a usage error, or outside GitHub Actions', async () => {
    const invalid = await underActions(['start', ...job('nightly'), '--sha', 'short']);
    expect(invalid.result.code).toBe(2);
    expect([invalid.output, invalid.summary]).toEqual(['earlier=step\n', '']);
    const elsewhere = await underActions(['start', ...job('nightly')], 'false');
    expect(elsewhere.result.code).toBe(0);
    expect([elsewhere.output, elsewhere.summary]).toEqual(['earlier=step\n', '']);
  });

  it('a server value with a line break cannot add outputs of its own', async () => {
    const { id } = JSON.parse((await runCli(['start', ...job('nightly'), '--json'])).stdout);
    server.faults.push({
      status: 200,
      body: { data: { id, status: 'BUILDING\nsuccess=true', concluded: false } },
    });
    const { output } = await underActions(['get', ...job('nightly'), '--build', id]);
    const delimiter = /status<<(ghadelimiter_[0-9a-f-]+)\n/.exec(output)?.[1];
    expect(delimiter).toBeDefined();
    expect(output).toBe(
      `earlier=step\nbuild-id=${id}\nstatus<<${delimiter}\nBUILDING\nsuccess=true\n${delimiter}\nsuccess=\n`,
    );
  });

  it('a server value with a line break cannot start a line of its own in the log', async () => {
    const { id } = JSON.parse((await runCli(['start', ...job('nightly'), '--json'])).stdout);
    server.faults.push({
      status: 200,
      body: { data: { id, status: 'BUILDING\n::error::injected', concluded: false } },
    });
    const result = await runCli(['get', ...job('nightly'), '--build', id]);
    expect(result.stdout).toContain('  status:       BUILDING ::error::injected\n');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^::/m);
  });

  it('an output file that cannot be written is a warning, not a failure', async () => {
    const result = await runCli(['start', ...job('nightly')], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: join(dir, 'missing-dir/output') },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('job-build: warning: could not write to $GITHUB_OUTPUT (ENOENT)\n');
  });
});
