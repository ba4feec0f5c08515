// `pnpm start` minus the turbo build in front of it: scripts/preview.mjs as a child process, with
// a real Prism mock. It must print both URLs, list the mock as the page's first server, answer
// every curl sample on the page (run by the real curl, as a reader would paste it), and shut both
// servers down on SIGTERM.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_DIR } from '../scripts/build.mjs';
import { operationsOf } from '../scripts/code-samples.mjs';
import {
  bundledSpec,
  codeSample,
  deref,
  embeddedDefinition,
  type Json,
  operationOf,
  requestCount,
} from './helpers.js';

const run = promisify(execFile);

let child: ChildProcess;
let output = '';
let exited: Promise<number | null>;
let docsUrl: string;
let mockUrl: string;
let page: string;
let outDir: string;
const spec = bundledSpec();

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'sjb-docs-preview-'));
  // A process group of its own, so that afterAll can stop Prism too if the preview is killed.
  child = spawn(
    process.execPath,
    ['scripts/preview.mjs', '--port', '0', '--mock-port', '0', '--out', outDir],
    {
      cwd: DOCS_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Ctrl+C')) {
    if (child.exitCode !== null) throw new Error(`preview exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`preview did not start in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  docsUrl = output.match(/API docs:\s+(\S+)/)?.[1] ?? '';
  mockUrl = output.match(/Prism mock:\s+(\S+)/)?.[1] ?? '';
  page = await (await fetch(docsUrl)).text();
});

afterAll(async () => {
  // Normally the SIGTERM test has stopped both servers. When it did not run (a -t filter, an
  // earlier failure), a SIGKILL of the preview alone would orphan Prism: end the whole group.
  if (child?.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {} // already gone
    if (child.exitCode === null && child.signalCode === null) await exited;
  }
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('docs preview (pnpm start)', () => {
  it('prints the docs URL and the mock URL, both on loopback', () => {
    expect(docsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(mockUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(docsUrl).not.toBe(`${mockUrl}/`);
  });

  it('serves a page that lists the mock first, then production, and may call the mock', () => {
    const servers = embeddedDefinition(page).servers.map((s: Json) => s.url);
    expect(servers).toEqual([mockUrl, ...spec.servers.map((s: Json) => s.url)]);
    expect(page.match(/connect-src ([^;"]+)/)?.[1]).toBe(`'self' ${mockUrl}`);
  });

  it('answers every curl sample on the page, run by curl itself, with the documented 200 example', async () => {
    const shown = embeddedDefinition(page);
    expect(codeSample(shown, 'curl · with overrides')).toContain(`${mockUrl}/v1/projects/`);
    let count = 0;
    for (const { operation } of operationsOf(shown)) {
      const example = Object.values<Json>(operation.responses['200'].content['application/json'].examples)[0];
      for (const sample of operation['x-codeSamples'].filter((s: Json) => s.lang === 'curl')) {
        // The sample as a reader pastes it into a shell, with the token in the environment. A
        // shell function adds what the test needs to read: quiet output and the status code.
        const script = `curl() { command curl --silent --show-error --write-out '\\n%{http_code}' "$@"; }\n${sample.source}`;
        const { stdout } = await run('sh', ['-c', script], {
          env: { PATH: process.env.PATH, NORTHFLANK_API_TOKEN: 'preview-test-token' },
        }).catch((error) => {
          throw new Error(
            `${sample.label} of ${operation.operationId} failed to run (is curl installed?): ${error.message}`,
          );
        });
        const lines = stdout.trimEnd().split('\n');
        const status = lines.pop();
        expect(status, `${operation.operationId}: ${sample.label}\n${lines.join('\n')}`).toBe('200');
        expect(JSON.parse(lines.join('\n'))).toEqual(deref(spec, example).value);
        count++;
      }
    }
    // One per request the spec's examples describe (the start operation has two).
    expect(count).toBe(requestCount(spec));
  });

  it('runs a validating mock: a 39-character sha is rejected', async () => {
    const { path } = operationOf(spec);
    const response = await fetch(`${mockUrl}${path.replace('{projectId}', 'p').replace('{jobId}', 'j')}`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: JSON.stringify({ sha: 'a'.repeat(39) }),
    });
    expect(response.status).toBe(400);
  });

  it('stops both servers on SIGTERM and exits 0', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(docsUrl)).rejects.toThrow();
    await expect(fetch(mockUrl)).rejects.toThrow();
  });
});
