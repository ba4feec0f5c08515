// Repository policy for GitHub Actions workflows, on top of what actionlint checks:
// every action pinned to a full commit SHA with a version comment, and write permissions only
// where a job asks for them.
import { parse } from 'yaml';

const pinned = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s+#\s*v\d+(?:\.\d+){0,2}\s*$/;
const anyUses = /^\s*(?:-\s+)?uses:\s*(\S+)/;

/** @returns {{ problems: string[], actions: Map<string, string> }} problems, and action → SHA */
export function checkWorkflowPolicy(text, file) {
  const problems = [];
  const actions = new Map();
  text.split('\n').forEach((line, index) => {
    const uses = anyUses.exec(line);
    if (!uses || uses[1].startsWith('./')) return;
    const match = pinned.exec(line);
    if (!match) {
      problems.push(
        `${file}:${index + 1}: \`${uses[1]}\` must be pinned to a full commit SHA with a "# vX.Y.Z" comment`,
      );
      return;
    }
    const [, action, sha] = match;
    if (actions.has(action) && actions.get(action) !== sha) {
      problems.push(`${file}:${index + 1}: ${action} is pinned to two different SHAs`);
    }
    actions.set(action, sha);
  });
  const workflow = parse(text);
  const top = workflow.permissions;
  if (top === undefined) {
    problems.push(`${file}: no top-level \`permissions\`; the default token would get broad access`);
  } else if (typeof top === 'string' || Object.values(top).some((level) => level === 'write')) {
    problems.push(`${file}: top-level \`permissions\` must be read-only; grant write access per job`);
  }
  return { problems, actions };
}
