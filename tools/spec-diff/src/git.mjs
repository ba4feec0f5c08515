// Reads the spec as it was at a git ref without touching the working tree: every file under
// the spec's directory is copied out of the object database into a temporary directory.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function git(args, cwd, { encoding = 'utf8' } = {}) {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(
          Object.assign(new Error(`git ${args.join(' ')} failed: ${String(stderr).trim()}`), { stderr }),
        );
      else resolve(stdout);
    });
  });
}

/** The top directory of the git work tree that contains `cwd`. */
export async function repoRoot(cwd) {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch {
    throw new Error(`${cwd} is not inside a git work tree; spec-diff compares the spec with a git ref.`);
  }
}

/** Resolves `ref` to a commit id, or explains how to make it available. */
export async function resolveCommit(root, ref) {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root)).trim();
  } catch {
    throw new Error(
      `The base ref "${ref}" is not a commit in this clone. Fetch it first (in GitHub Actions: ` +
        'actions/checkout with fetch-depth: 0, then use origin/<base branch>).',
    );
  }
}

/**
 * Copies every file under `dir` (relative to the repository root) at `commit` into `target`.
 * @returns {Promise<string[]>} the copied paths, relative to the repository root
 */
export async function exportDirectory(root, commit, dir, target) {
  const listing = await git(['ls-tree', '-r', '-z', '--name-only', commit, '--', dir], root);
  const files = listing.split('\0').filter(Boolean);
  for (const file of files) {
    const content = await git(['show', `${commit}:${file}`], root, { encoding: 'buffer' });
    const destination = join(target, file);
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, content);
  }
  return files;
}
