// The Markdown report: short enough for a pull request's job summary, complete enough that a
// reviewer sees every change and why the gate passed or failed.

const badges = { major: '🔴 major', minor: '🟡 minor', patch: '🔵 patch', none: '⚪ none' };

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** @param {import('./run.mjs').SpecDiffResult} result */
export function renderMarkdown(result) {
  const lines = [`## Spec diff: \`${result.base}\` → working tree`, ''];
  if (result.baseMissing) {
    lines.push(`\`${result.spec}\` does not exist at \`${result.base}\`; the whole contract is new.`, '');
  }
  const verdict = result.gate.passed ? '✅ passed' : '❌ failed';
  lines.push(`**Breaking-change gate: ${verdict}.** ${result.gate.reason}`, '');
  lines.push('| Package | Bump the spec change needs | Bump the changesets declare | Changesets |');
  lines.push('| --- | --- | --- | --- |');
  for (const [name, declared] of Object.entries(result.declared)) {
    const files = declared.changesets.map((id) => `\`.changeset/${id}.md\``).join(', ') || '—';
    lines.push(`| \`${name}\` | ${badges[result.required]} | ${badges[declared.bump]} | ${files} |`);
  }
  lines.push('');
  if (result.changes.length === 0) {
    lines.push('No changes to the contract.');
  } else {
    lines.push(`### ${result.changes.length} change${result.changes.length === 1 ? '' : 's'}`, '');
    lines.push('| Impact | Change | Where | Source |');
    lines.push('| --- | --- | --- | --- |');
    for (const change of result.changes) {
      const impact = change.adjusted
        ? `${badges[change.impact]} (Redocly: ${change.redoclyImpact})`
        : badges[change.impact];
      lines.push(
        `| ${impact} | ${cell(change.message)} | ${cell(change.location)} | \`${cell(change.pointer)}\` |`,
      );
    }
    if (result.changes.some((change) => change.adjusted)) {
      lines.push(
        '',
        'Ratings marked “Redocly: …” were adjusted (see `tools/spec-diff/README.md`): a change that only ' +
          'touches documentation or examples counts as patch, and any other change as at least minor, since it ' +
          'changes the generated types or the client’s validation; a lost enum value, a renamed path parameter ' +
          'and a removed or renamed component break the generated types, so they are major; a response enum ' +
          'that only gains values is minor.',
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
