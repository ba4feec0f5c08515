// Thin wrappers around the Redocly CLI: the same 2.77.0 binary the build uses, run as a child
// process so its output and exit codes stay exactly what a person gets on the command line.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const redoclyBin = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

/** The diff rule set (diff-recommended); see redocly-diff.yaml for why it is separate. */
export const diffConfig = fileURLToPath(new URL('../redocly-diff.yaml', import.meta.url));

function redocly(args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [redoclyBin, ...args],
      { cwd, env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          // Redocly prints a Node 20 end-of-life banner on every run; keep only what explains the failure.
          const detail = `${stdout}\n${stderr}`
            .split('\n')
            .filter((line) => !/[║╔╚]/.test(line))
            .join('\n')
            .trim();
          reject(new Error(`redocly ${args[0]} failed (exit ${error.code}):\n${detail}`));
        } else resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * Bundles a (possibly split) OpenAPI document into one YAML file.
 * @param {{ entry: string, output: string, config?: string }} options
 */
export async function bundle({ entry, output, config }) {
  const args = ['bundle', entry, '--ext', 'yaml', '-o', output, '--lint-config', 'off'];
  if (config && existsSync(config)) args.push('--config', config);
  await redocly(args, dirname(entry));
}

/**
 * Runs `redocly diff` on two bundled documents and returns its JSON report.
 * @param {{ base: string, revision: string, output: string }} options
 * @returns {Promise<any>} the report (reportVersion 1: summary, bump, changes)
 */
export async function diff({ base, revision, output }) {
  // --fail-on none: the gate decides (it also weighs the changesets), so a major change must
  // not look like a crash of the tool.
  await redocly(
    ['diff', base, revision, '--config', diffConfig, '--format', 'json', '-o', output, '--fail-on', 'none'],
    dirname(output),
  );
  return JSON.parse(readFileSync(output, 'utf8'));
}
