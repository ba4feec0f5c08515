// The scratch copy of the repository and what the rehearsal reads from it.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './run.js';

export interface WorkspacePackage {
  name: string;
  version: string;
  path: string;
  private: boolean;
}

export interface ChangesetConfig {
  fixed: string[][];
  linked: string[][];
  ignore: string[];
}

/**
 * Copies what git would commit (tracked files plus untracked ones that are not ignored, so work
 * in progress is rehearsed too) into `to`, and makes it a repository of its own with one commit:
 * `changeset publish` tags releases in git.
 */
export async function scratchCopy(from: string, to: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], from);
  for (const file of stdout.split('\0').filter(Boolean)) {
    const source = join(from, file);
    if (!existsSync(source) || lstatSync(source).isDirectory()) continue; // deleted, or a submodule
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(source, join(to, file), { verbatimSymlinks: true });
  }
  await run('git', ['init', '-q', '-b', 'main'], to);
  await run('git', ['add', '-A'], to);
  await run('git', ['commit', '-q', '--no-verify', '-m', 'rehearsal base'], to);
}

/** Every workspace project, root included, as pnpm sees it. */
export async function workspacePackages(dir: string): Promise<WorkspacePackage[]> {
  const { stdout } = await run('pnpm', ['ls', '-r', '--depth', '-1', '--json'], dir);
  return (JSON.parse(stdout) as WorkspacePackage[]).map(({ name, version, path, private: isPrivate }) => ({
    name,
    version,
    path,
    private: Boolean(isPrivate),
  }));
}

export function changesetConfig(dir: string): ChangesetConfig {
  return JSON.parse(readFileSync(join(dir, '.changeset/config.json'), 'utf8'));
}

/** The packages a release publishes: workspace packages that are not private nor ignored by changesets. */
export function publishable(packages: WorkspacePackage[], config: ChangesetConfig): WorkspacePackage[] {
  return packages.filter((pkg) => !pkg.private && !config.ignore.includes(pkg.name));
}

export function pendingChangesets(dir: string): string[] {
  return readdirSync(join(dir, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
}

/**
 * A release needs something to release: when no changeset is pending, writes a throw-away one
 * that patches every publishable package. Returns its file name, or undefined when there were
 * changesets already.
 */
export function ensurePendingChangeset(dir: string, names: string[]): string | undefined {
  if (pendingChangesets(dir).length > 0) return undefined;
  const file = 'release-rehearsal.md';
  const frontMatter = names.map((name) => `'${name}': patch`).join('\n');
  writeFileSync(
    join(dir, '.changeset', file),
    `---\n${frontMatter}\n---\n\nRelease rehearsal: a throw-away changeset, never committed.\n`,
  );
  return file;
}
