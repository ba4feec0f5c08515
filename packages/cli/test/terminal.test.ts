// On a terminal: the bin run in a pseudo-terminal (util-linux `script`, part of every Debian
// system) shows one status line rewritten in place, not one line per status.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from './helpers/run.js';
import { type FakeServer, startServer } from './helpers/server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

describe('on a terminal', () => {
  it('shows one live status line, then the result', async () => {
    const args = [
      'start',
      '--base-url',
      server.url,
      '--project',
      'p',
      '--job',
      'nightly',
      '--wait',
      '--poll-interval',
      '20ms',
    ];
    const command = [process.execPath, BIN, ...args].map(quote).join(' ');
    const output = await new Promise<string>((done, fail) => {
      execFile('script', ['-qec', command, '/dev/null'], { env: cleanEnv() }, (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          fail(new Error('`script` is missing: apt-get install -y bsdutils (util-linux)'));
        } else if (error) fail(error);
        else done(stdout);
      });
    });
    const id = /Started build (build-\d+)/.exec(output)?.[1] as string;
    expect(output).toMatch(new RegExp(`\\r\\u001b\\[2K. Build ${id}: BUILDING · \\S+`));
    expect(output).toMatch(new RegExp(`\\r\\u001b\\[2K. Build ${id}: SUCCESS · \\S+`));
    // Not the CI log's form.
    expect(output).not.toContain(`Build ${id}: BUILDING (`);
    expect(output).toMatch(
      new RegExp(`\\r\\u001b\\[2KBuild ${id} succeeded \\(SUCCESS\\) after \\S+ of waiting\\.`),
    );
  });
});
