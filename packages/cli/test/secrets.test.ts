// No secret in any output: the token, build-argument values, and the contents of build files
// and secret mounts (as text and as base64) never reach stdout, stderr, $GITHUB_OUTPUT or the
// job summary, even when the server echoes them back in a build or an error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { type FakeServer, startServer, TOKEN } from './helpers/server.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fileText = readFileSync(join(fixtures, 'app.env'), 'utf8');
const mountText = readFileSync(join(fixtures, 'npmrc-token'), 'utf8');
const ARG_VALUE = 'build_arg_secret|value*91';
const ENV_ARG_VALUE = 'env-build-arg-secret-52';

const SECRETS = [
  TOKEN,
  ARG_VALUE,
  ENV_ARG_VALUE,
  fileText,
  // One line of the file, and the file flattened to one line (as a status line would show it).
  'file-secret-pw@db',
  fileText.replace(/\n/g, ' ').trim(),
  Buffer.from(fileText).toString('base64'),
  mountText.trim(),
  Buffer.from(mountText).toString('base64'),
  // A build-argument value and the token as a server might echo them, base64-encoded.
  Buffer.from(ARG_VALUE).toString('base64').replace(/=+$/, ''),
  Buffer.from(TOKEN).toString('base64').replace(/=+$/, ''),
];

let server: FakeServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'job-build-secrets-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const secretFlags = [
  '--build-arg',
  `PASSWORD=${ARG_VALUE}`,
  '--build-arg',
  'FROM_ENV',
  '--build-file',
  '/app/.env=@app.env',
  '--secret-mount',
  'npm=@npmrc-token',
];

/** Everything job-build wrote, under GitHub Actions, with --verbose. */
async function everything(args: string[]) {
  const output = join(dir, `output-${Math.random()}`);
  const summary = join(dir, `summary-${Math.random()}`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const result = await runCli([...args, '--verbose'], {
    cwd: fixtures,
    env: {
      FROM_ENV: ENV_ARG_VALUE,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
    },
  });
  const text = [
    result.stdout,
    result.stderr,
    readFileSync(output, 'utf8'),
    readFileSync(summary, 'utf8'),
  ].join('\n');
  return { result, text };
}

function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const job = (name: string) => ['--base-url', server.url, '--project', 'default-project', '--job', name];

describe('secrets never appear in any output', () => {
  it('the request carries them, as the API expects', async () => {
    const before = server.requests.length;
    const { result } = await everything(['start', ...job('nightly'), ...secretFlags]);
    expect(result.code).toBe(0);
    const [request] = server.requests.slice(before);
    const body = JSON.parse(request?.body ?? '');
    expect(body.overrides.buildArguments).toEqual({ PASSWORD: ARG_VALUE, FROM_ENV: ENV_ARG_VALUE });
    expect(Buffer.from(body.overrides.buildFiles['/app/.env'].data, 'base64').toString()).toBe(fileText);
    expect(request?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a server that echoes the body and the file contents in every status of a failing build', async () => {
    server.echo = (body) => `echo ${body} ${fileText} ${mountText} ${ARG_VALUE} ${TOKEN}`;
    try {
      const { result, text } = await everything([
        'start',
        ...job('broken'),
        ...secretFlags,
        '--wait',
        '--poll-interval',
        '20ms',
      ]);
      expect(result.code).toBe(1);
      expect(text).toContain('[redacted]');
      expectNoSecret(text);
      const json = await everything([
        'start',
        ...job('broken'),
        ...secretFlags,
        '--wait',
        '--poll-interval',
        '20ms',
        '--json',
      ]);
      expect(json.result.code).toBe(1);
      expectNoSecret(json.text);
      expect(JSON.parse(json.result.stdout).message).toContain('[redacted]');
    } finally {
      server.echo = undefined;
    }
  });

  it('a started build that echoes them', async () => {
    server.faults.push({
      status: 200,
      body: {
        data: {
          id: 'echo-1',
          status: 'PENDING',
          branch: ARG_VALUE,
          sha: Buffer.from(fileText).toString('base64'),
        },
      },
    });
    const { result, text } = await everything(['start', ...job('nightly'), ...secretFlags, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      id: 'echo-1',
      status: 'PENDING',
      branch: '[redacted]',
      sha: '[redacted]',
    });
    expectNoSecret(text);
  });

  it('an error that echoes them', async () => {
    server.faults.push({
      status: 400,
      headers: { 'x-request-id': ARG_VALUE },
      body: {
        error: { status: 400, message: `bad value ${ARG_VALUE} in ${fileText} (${TOKEN})`, id: mountText },
      },
    });
    const { result, text } = await everything(['start', ...job('nightly'), ...secretFlags]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('job-build: API error 400 bad value [redacted]');
    expectNoSecret(text);
  });

  it('a started build and an error that echo the build argument and the token base64-encoded', async () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const echoed = { arg: base64(ARG_VALUE), token: base64(TOKEN) };
    server.faults.push({
      status: 200,
      body: { data: { id: 'echo-2', status: 'PENDING', branch: echoed.arg } },
    });
    const started = await everything(['start', ...job('nightly'), ...secretFlags, '--json']);
    expect(started.result.code).toBe(0);
    expect(JSON.parse(started.result.stdout)).toMatchObject({
      branch: expect.stringMatching(/^\[redacted\]=*$/),
    });
    expectNoSecret(started.text);
    server.faults.push({
      status: 400,
      body: {
        error: { status: 400, message: `invalid build arguments (base64): ${JSON.stringify(echoed)}` },
      },
    });
    const refused = await everything(['start', ...job('nightly'), ...secretFlags]);
    expect(refused.result.code).toBe(3);
    expect(refused.result.stderr).toContain('invalid build arguments (base64)');
    expectNoSecret(refused.text);
  });

  it('a wait that times out and a wait that is refused', async () => {
    server.echo = (body) => `still at ${body}`;
    try {
      const timedOut = await everything([
        'start',
        ...job('slow'),
        ...secretFlags,
        '--wait',
        '--poll-interval',
        '20ms',
        '--timeout',
        '150ms',
        '--json',
      ]);
      expect(timedOut.result.code).toBe(4);
      expectNoSecret(timedOut.text);
    } finally {
      server.echo = undefined;
    }
    const invalid = await everything(['start', ...job('nightly'), ...secretFlags, '--sha', 'short']);
    expect(invalid.result.code).toBe(2);
    expectNoSecret(invalid.text);
  });
});
