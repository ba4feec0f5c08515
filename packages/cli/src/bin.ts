#!/usr/bin/env node
// job-build's entry point: reads the command line, answers --help and --version at once, and
// loads the commands (with the client) only to run one.

import { parseCommandLine } from './args.js';
import { helpText } from './help.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

/** Exits once everything written has been handed to the OS (a pipe may be asynchronous). */
function exit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

async function main(argv: string[]): Promise<number> {
  let invocation: ReturnType<typeof parseCommandLine>;
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`job-build: ${error.message}\n`);
    if (argv.length === 0) process.stderr.write(`\n${helpText()}`);
    return 2;
  }
  if (invocation.kind === 'help') {
    process.stdout.write(helpText(invocation.command));
    return 0;
  }
  if (invocation.kind === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { run } = await import('./commands.js');
  return run(invocation.options, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}

// A broken pipe (`job-build get ... | head -1`) is not an error of job-build.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  process.stderr.write(`job-build: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
  exit(3);
});
