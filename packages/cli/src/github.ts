// Under GitHub Actions: step outputs (`build-id`, `status`, `success`) in $GITHUB_OUTPUT and a
// short job summary in $GITHUB_STEP_SUMMARY, both appended, as the runner expects.

import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { Output } from './output.js';
import { oneLine } from './output.js';

export interface BuildOutcome {
  projectId: string;
  jobId: string;
  buildId: string;
  /** The last status seen, if any. */
  status?: string | undefined;
  /** true or false once the build concluded; undefined while it runs (or is unknown). */
  success?: boolean | undefined;
  /** A sentence about the outcome, for the summary. */
  outcome: string;
  /** How long job-build waited, when it waited. */
  waited?: string | undefined;
}

/** `name=value`, or the delimited form for a value with a line break (which the server could send). */
function outputLine(name: string, value: string): string {
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Writes the outputs and the summary when running under GitHub Actions; warns (on stderr) if it cannot. */
export function reportToGitHub(env: NodeJS.ProcessEnv, output: Output, build: BuildOutcome): void {
  if (env.GITHUB_ACTIONS !== 'true') return;
  const write = (variable: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY', text: string) => {
    const file = env[variable];
    if (!file) return;
    try {
      appendFileSync(file, text);
    } catch (error) {
      output.err(
        `job-build: warning: could not write to $${variable} (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  };
  // Secrets are replaced before any escaping, which could otherwise hide them from the scrubber.
  const clean = (text: string) => output.scrub.text(text);
  const cell = (text: string) => oneLine(clean(text)).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`) || '-';
  const success = build.success === undefined ? '' : String(build.success);
  write(
    'GITHUB_OUTPUT',
    outputLine('build-id', clean(build.buildId)) +
      outputLine('status', clean(build.status ?? '')) +
      outputLine('success', success),
  );
  const rows = [
    ['Project', cell(build.projectId)],
    ['Job', cell(build.jobId)],
    ['Build', `\`${oneLine(clean(build.buildId)).replace(/`/g, "'")}\``],
    ['Status', cell(build.status ?? 'unknown')],
    ['Outcome', cell(build.outcome)],
    ...(build.waited ? [['Waited', build.waited]] : []),
  ];
  write(
    'GITHUB_STEP_SUMMARY',
    `### Northflank job build\n\n| | |\n| --- | --- |\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n\n`,
  );
}
