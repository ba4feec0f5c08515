// Mistakes on the command line, in the body or in the environment: exit code 2, a message that
// names the flag and the rule, and not a single request to the server.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/args.js';
import { startBody } from '../src/body.js';
import { UsageError } from '../src/usage-error.js';
import { runCli } from './helpers/run.js';
import { type FakeServer, SHA, startServer } from './helpers/server.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const job = () => ['--base-url', server.url, '--project', 'default-project', '--job', 'nightly'];

describe('usage errors exit 2 and send nothing', () => {
  // One case of each kind runs the bin; the parse-level cases below run in process.
  it.each([
    ['no command', () => [], 'a command is missing: start, get, wait or abort'],
    [
      'an unknown flag',
      () => ['start', ...job(), '--shaa', SHA],
      'unknown option --shaa for job-build start',
    ],
    [
      'a token flag',
      () => ['start', ...job(), '--token=nf-secret'],
      '--token is not an option: the API token is read from NORTHFLANK_API_TOKEN only',
    ],
    ['a missing flag', () => ['get', '--base-url', server.url, '--job', 'j'], 'get needs --project, --build'],
    [
      'a wait flag without --wait',
      () => ['start', ...job(), '--timeout', '5m'],
      '--timeout only applies with --wait',
    ],
    [
      'a duration without unit',
      () => ['start', ...job(), '--wait', '--timeout', '30'],
      '--timeout "30" has no unit',
    ],
    [
      'a negative duration after a space (which parseArgs reads as an option)',
      () => ['start', ...job(), '--wait', '--timeout', '-5s'],
      '--timeout "-5s" is negative: a duration must be positive, such as 30m or 10s',
    ],
    [
      'a negative duration after =',
      () => ['start', ...job(), '--wait', '--timeout=-5s'],
      '--timeout "-5s" is negative: a duration must be positive, such as 30m or 10s',
    ],
    [
      'a negative poll interval',
      () => ['wait', ...job(), '--build', 'b', '--poll-interval', '-1.5s'],
      '--poll-interval "-1.5s" is negative: a duration must be positive, such as 30m or 10s',
    ],
    [
      'a unit given twice',
      () => ['start', ...job(), '--wait', '--timeout', '1h1h'],
      '--timeout "1h1h" uses h more than once: each unit comes at most once, largest first, as in 1h30m',
    ],
    [
      'a build arg from an unset variable',
      () => ['start', ...job(), '--build-arg', 'UNSET_VAR'],
      '--build-arg UNSET_VAR has no value and the environment variable UNSET_VAR is not set',
    ],
    [
      'inline file contents',
      () => ['start', ...job(), '--build-file', '/app/.env=SECRET=1'],
      '--build-file /app/.env needs the form /path/in/build=@local-file',
    ],
    [
      'a missing local file',
      () => ['start', ...job(), '--secret-mount', 'npm=@nowhere.txt'],
      '--secret-mount npm: cannot read nowhere.txt (no such file)',
    ],
    [
      'a binary file',
      () => ['start', ...job(), '--build-file', '/x=@binary.bin'],
      '--build-file /x: binary.bin is not UTF-8 text',
    ],
    [
      'a bad base URL',
      () => ['start', '--base-url', 'ftp://example.com', '--project', 'p', '--job', 'j'],
      '--base-url must be an absolute http(s) URL',
    ],
  ])('%s', async (_, args, message) => {
    const before = server.requests.length;
    const result = await runCli(args(), { cwd: fixtures });
    expect(result.stderr).toContain(`job-build: ${message}`);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
    expect(server.requests.length).toBe(before);
    expect(result.stderr).not.toContain('nf-secret');
  });

  it.each([
    [['launch'], 'unknown command "launch"'],
    [['--project', 'p', 'start'], 'the command comes first'],
    [['start', '--project', 'p', '--job', 'j', '--sha'], '--sha needs a value'],
    [['start', '--project', 'p', '--job', 'j', '--wait=yes'], '--wait takes no value'],
    [['start', '--project', 'p', '--job', 'j', '--job', 'k'], '--job is given more than once'],
    [['start', '--project', 'p', '--job', 'j', 'extra'], 'unexpected argument'],
    [
      ['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--poll-interval', '10 sec'],
      '--poll-interval "10 sec" is not a duration',
    ],
    [
      ['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--timeout', '30m1h'],
      '--timeout "30m1h" has its units out of order: each unit comes at most once, largest first, as in 1h30m',
    ],
    [
      ['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--timeout', '1.5h30m'],
      '--timeout "1.5h30m": only the last number may have decimals',
    ],
    // The same message for both forms of a negative duration, whichever check would come first.
    [['start', '--project', 'p', '--job', 'j', '--timeout', '-5s'], '--timeout "-5s" is negative'],
    [['start', '--project', 'p', '--job', 'j', '--timeout=-5s'], '--timeout "-5s" is negative'],
    [['wait', '--job', 'j', '--build', 'b', '--timeout', '-5s'], '--timeout "-5s" is negative'],
    [['wait', '--job', 'j', '--build', 'b', '--timeout=-5s'], '--timeout "-5s" is negative'],
    [['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--timeout', '-0.5m'], '"-0.5m" is negative'],
    // A flag followed by another option did lack its value.
    [['start', '--project', 'p', '--job', 'j', '--wait', '--timeout', '--json'], '--timeout needs a value'],
    [
      ['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--poll-interval', '-h'],
      '--poll-interval needs a value',
    ],
    [['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--timeout'], '--timeout needs a value'],
    [
      ['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--timeout', '0s'],
      '--timeout must be at least 1ms',
    ],
    [
      ['wait', '--project', 'p', '--job', 'j', '--build', 'b', '--timeout', '600h'],
      '--timeout must be at most 596h',
    ],
    [
      ['get', '--project', 'p', '--job', 'j', '--build', 'b', '--wait'],
      'unknown option --wait for job-build get',
    ],
    [
      ['abort', '--project', 'p', '--job', 'j', '--build', 'b', '--abort-on-cancel'],
      'unknown option --abort-on-cancel',
    ],
    [['help', 'nothing'], 'job-build help takes a command name'],
  ])('%j (in process)', (args, message) => {
    expect(() => parseCommandLine(args)).toThrow(message);
    expect(() => parseCommandLine(args)).toThrow(UsageError);
  });

  it.each([
    [{ buildArgs: ['=value'] }, '--build-arg needs the form KEY=VALUE or KEY'],
    [{ buildArgs: ['A=1', 'A=2'] }, '--build-arg A is given more than once'],
    [{ buildFiles: ['/x=@.'] }, '--build-file /x: cannot read . (it is a directory)'],
    [{ buildFiles: ['/x=@app.env', '/x=@npmrc-token'] }, '--build-file /x is given more than once'],
    [{ secretMounts: ['npm'] }, '--secret-mount npm needs the form NAME=@local-file'],
    [{ secretMounts: ['npm=@'] }, '--secret-mount npm needs the form NAME=@local-file'],
  ])('%j (in process)', async (flags, message) => {
    const read = startBody({ buildArgs: [], buildFiles: [], secretMounts: [], ...flags }, {}, fixtures);
    await expect(read).rejects.toThrow(message);
    await expect(read).rejects.toThrow(UsageError);
  });
});

describe('invalid bodies exit 2, name the flag and the rule, and send nothing', () => {
  it('reports every problem by its flag', async () => {
    const before = server.requests.length;
    const result = await runCli(
      [
        'start',
        ...job(),
        '--sha',
        'abc123',
        '--build-file',
        'relative/path=@app.env',
        '--docker-file',
        'Dockerfile',
        '--docker-work-dir',
        'no-slash',
        '--docker-target',
        'bad stage!',
      ],
      { cwd: fixtures },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'job-build: invalid request, nothing was sent:',
        '  --sha: must NOT have fewer than 40 characters',
        '  --build-file relative/path: property name must match pattern "^/"',
        '  --docker-file: must match pattern "^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]+$"',
        '  --docker-work-dir: must match pattern "^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]*$"',
        '  --docker-target: must match pattern "^[a-zA-Z0-9-_]+$"',
        '',
      ].join('\n'),
    );
    expect(server.requests.length).toBe(before);
  });

  it('maps path parameters to their flags', async () => {
    const before = server.requests.length;
    const result = await runCli([
      'get',
      '--base-url',
      server.url,
      '--project',
      '',
      '--job',
      'j',
      '--build',
      'b',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  --project: must NOT have fewer than 1 characters');
    expect(server.requests.length).toBe(before);
  });

  it('a too long sha', async () => {
    const result = await runCli(['start', ...job(), '--sha', `${SHA}0`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--sha: must NOT have more than 40 characters');
  });
});

describe('the token', () => {
  const missing = async (command: string[], token: string | undefined) => {
    const before = server.requests.length;
    const result = await runCli([...command, ...job()], { env: { NORTHFLANK_API_TOKEN: token } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'job-build: NORTHFLANK_API_TOKEN is not set. Set it to a Northflank API token (it is never taken from a flag). Nothing was sent.\n',
    );
    expect(server.requests.length).toBe(before);
  };

  it.each([['start'], ['wait', '--build', 'b'], ['get', '--build', 'b'], ['abort', '--build', 'b']])(
    'unset, for %s: exit 2, nothing sent, and the message says how to set it',
    (...command) => missing(command, undefined),
  );

  it.each([
    ['empty', ''],
    ['blank', '  '],
  ])('%s counts as unset', (_, token) => missing(['start'], token));

  it('one that cannot go into a header is refused before sending', async () => {
    const before = server.requests.length;
    const result = await runCli(['start', ...job()], {
      env: { NORTHFLANK_API_TOKEN: 'nf-tok\u00e9n-with-non-latin1-\u20ac' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'job-build: NORTHFLANK_API_TOKEN contains characters that cannot be sent in an HTTP header\n',
    );
    expect(server.requests.length).toBe(before);
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(
      (await import('node:fs')).readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    );
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([['--help'], ['start', '--help'], ['help', 'wait']])(
    '%s prints help on stdout and exits 0',
    async (...args) => {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^(job-build: start|Usage: job-build)/);
      expect(result.stderr).toBe('');
    },
  );

  it('start --help lists every flag of the issue', async () => {
    const { stdout } = await runCli(['start', '--help']);
    for (const flag of [
      '--project',
      '--job',
      '--sha',
      '--build-arg',
      '--build-file',
      '--secret-mount',
      '--docker-file',
      '--docker-work-dir',
      '--docker-target',
      '--wait',
      '--timeout',
      '--poll-interval',
      '--json',
      '--base-url',
      '--abort-on-cancel',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});
