// Repository policy for GitHub Actions workflows, on top of what actionlint checks:
// every action pinned to a full commit SHA with a version comment, that SHA one checked against
// the action's own repository (tag -> commit, and a runtime GitHub's runners still have), and
// write permissions only where a job asks for them.
import { parse } from 'yaml';

/**
 * The actions these workflows may use: each release's commit and `runs.using`, read from the
 * action's repository at that tag. A new action or release is checked the same way, then added.
 * (pnpm/action-setup and actions/configure-pages are not used: pnpm is installed with npm, and
 * deploy-pages needs no configure step.)
 */
export const VERIFIED_ACTIONS = {
  'actions/checkout': { version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', runs: 'node24' },
  'actions/setup-node': {
    version: 'v7.0.0',
    sha: '820762786026740c76f36085b0efc47a31fe5020',
    runs: 'node24',
  },
  'actions/cache': { version: 'v5.0.5', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae', runs: 'node24' },
  'actions/upload-artifact': {
    version: 'v7.0.0',
    sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
    runs: 'node24',
  },
  'actions/upload-pages-artifact': {
    version: 'v5.0.0',
    sha: 'fc324d3547104276b827a68afc52ff2a11cc49c9',
    runs: 'composite',
  },
  'actions/deploy-pages': {
    version: 'v5.0.0',
    sha: 'cd2ce8fcbc39b97be8ca5fce6e763baed58fa128',
    runs: 'node24',
  },
  // The root action and its sub-actions (select-mode, version, pack, publish) share a commit.
  'changesets/action': { version: 'v2.1.1', sha: '8488615a623b1b9c987934bb89eae8af6a946ac1', runs: 'node24' },
};

const pinned = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s+#\s*(v\d+(?:\.\d+){0,2})\s*$/;
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
    const [, action, sha, version] = match;
    const repository = action.split('/').slice(0, 2).join('/');
    const verified = VERIFIED_ACTIONS[repository];
    if (!verified) {
      problems.push(
        `${file}:${index + 1}: ${repository} is not among the verified actions (VERIFIED_ACTIONS)`,
      );
    } else if (verified.sha !== sha || verified.version !== version) {
      problems.push(
        `${file}:${index + 1}: ${action}@${sha} # ${version} is not the verified ${repository} ${verified.version} (${verified.sha})`,
      );
    }
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
