#!/usr/bin/env node
// pnpm spec:diff --base <git ref> [--spec spec/openapi.yaml] [--summary <file>] [--json <file>] [--report-only]
//
// Exit codes: 0 the gate passed (or --report-only), 1 the spec change needs a bigger bump than
// the pending changesets declare, 2 the comparison itself failed (bad ref, invalid spec, ...).
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderMarkdown } from '../src/markdown.mjs';
import { runSpecDiff } from '../src/run.mjs';

const usage = `Usage: spec-diff --base <git ref> [options]

Compares the OpenAPI spec at <git ref> with the working tree using \`redocly diff\`, rates the
change (major, minor, patch or none) and fails when the pending changesets declare a smaller
bump for the published packages.

Options:
  --base <ref>       git ref to compare with, such as origin/main (required)
  --spec <path>      the spec entry point, relative to the repository root (default: spec/openapi.yaml)
  --cwd <dir>        a directory inside the repository (default: the current directory)
  --summary <file>   append the Markdown report to this file (default: $GITHUB_STEP_SUMMARY when set)
  --json <file>      write the result as JSON to this file
  --report-only      print the report but never fail the gate
  -h, --help         show this help`;

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      base: { type: 'string' },
      spec: { type: 'string', default: 'spec/openapi.yaml' },
      cwd: { type: 'string', default: process.cwd() },
      summary: { type: 'string' },
      json: { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`spec-diff: ${error.message}\n\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
if (!options.base) {
  console.error(`spec-diff: --base <git ref> is required.\n\n${usage}`);
  process.exit(2);
}

let result;
try {
  result = await runSpecDiff({ base: options.base, cwd: options.cwd, spec: options.spec });
} catch (error) {
  console.error(`spec-diff: ${error.message}`);
  process.exit(2);
}

const markdown = renderMarkdown(result);
console.log(markdown);
const summaryFile = options.summary ?? process.env.GITHUB_STEP_SUMMARY;
if (summaryFile) appendFileSync(summaryFile, `${markdown}\n`);
if (options.json) writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);

if (!result.gate.passed) {
  const lines = [`spec-diff: breaking-change gate failed. ${result.gate.reason}`];
  for (const culprit of result.gate.failing) lines.push(`  - ${culprit}`);
  console.error(lines.join('\n'));
  // GitHub Actions shows this as an error annotation on the run.
  if (process.env.GITHUB_ACTIONS === 'true') {
    console.log(`::error title=Breaking-change gate::${lines.join('%0A')}`);
  }
  if (!options['report-only']) process.exit(1);
}
