// Links that work where each README is read. A published package's README is shown on the npm
// registry's page, which has none of the repository around it: a relative link there points
// nowhere, so every link to a file is absolute (the repository on GitHub, from the package's
// `repository` field) and only in-page anchors stay relative. READMEs read on GitHub (the root's,
// the apps') may link relatively, to files that exist. Either way a link into the repository must
// name a file or folder that exists, and an anchor must name a heading.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchors, links, readmePaths, repoRoot, workspacePackages } from './readmes.js';

const published = workspacePackages().filter((pkg) => !pkg.manifest.private);

function repositoryOf(manifest: (typeof published)[number]['manifest']): { url: string; directory?: string } {
  const { repository } = manifest;
  const url = typeof repository === 'string' ? repository : (repository?.url ?? '');
  return {
    url: url.replace(/^git\+/, '').replace(/\.git$/, ''),
    directory: typeof repository === 'string' ? undefined : repository?.directory,
  };
}

const repositories = new Set(published.map((pkg) => repositoryOf(pkg.manifest).url));
const [repositoryUrl = ''] = repositories;

/** What is wrong with a link into the repository or the page itself, or undefined. */
function problemWith(readme: string, url: string): string | undefined {
  const [target = '', anchor] = url.split('#');
  let path: string;
  let kind: 'blob' | 'tree' | undefined;
  if (target === '') {
    path = readme;
  } else if (target.startsWith(`${repositoryUrl}/`)) {
    const match = target.slice(repositoryUrl.length).match(/^\/(blob|tree)\/main\/(.+)$/);
    if (!match) return 'links into the repository, but not as /blob/main/<file> or /tree/main/<folder>';
    kind = match[1] as 'blob' | 'tree';
    path = (match[2] ?? '').replace(/\/$/, '');
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return undefined; // elsewhere on the web: not reachable from the tests
  } else {
    path = relative(repoRoot, resolve(repoRoot, dirname(readme), decodeURIComponent(target)));
    if (path.startsWith('..')) return 'points outside the repository';
  }
  const absolute = join(repoRoot, path);
  if (!existsSync(absolute)) return `${path} does not exist`;
  const isFolder = statSync(absolute).isDirectory();
  if (kind === 'blob' && isFolder) return `${path} is a folder: link it as /tree/main/${path}`;
  if (kind === 'tree' && !isFolder) return `${path} is a file: link it as /blob/main/${path}`;
  if (anchor !== undefined) {
    if (isFolder || !path.endsWith('.md')) return `#${anchor} on ${path}, which has no headings`;
    if (!headingAnchors(path).has(anchor)) return `${path} has no heading #${anchor}`;
  }
  return undefined;
}

function problemsOf(readme: string, { absoluteFiles }: { absoluteFiles: boolean }): string[] {
  return links(readme).flatMap(({ url, line }) => {
    const where = `${readme}:${line} ${url}`;
    if (absoluteFiles && !url.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      return [
        `${where}: relative links break on the npm registry's page; use ${repositoryUrl}/blob/main/...`,
      ];
    }
    const problem = problemWith(readme, url);
    return problem ? [`${where}: ${problem}`] : [];
  });
}

describe('README links', () => {
  it('published packages name one GitHub repository, each with its own directory', () => {
    expect(published.map((pkg) => pkg.dir)).toEqual(
      expect.arrayContaining(['packages/client', 'packages/types']),
    );
    expect([...repositories]).toEqual([expect.stringMatching(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/)]);
    for (const pkg of published) expect(repositoryOf(pkg.manifest).directory, pkg.dir).toBe(pkg.dir);
  });

  it.each(
    published.map((pkg) => `${pkg.dir}/README.md`).filter((readme) => existsSync(join(repoRoot, readme))),
  )('%s: absolute links to files, every repository link and anchor resolves', (readme) => {
    expect(problemsOf(readme, { absoluteFiles: true })).toEqual([]);
  });

  const readOnGitHub = [
    ...readmePaths().filter((readme) => !published.some((pkg) => readme === `${pkg.dir}/README.md`)),
    ...readdirSync(join(repoRoot, 'apps'))
      .map((app) => `apps/${app}/README.md`)
      .filter((readme) => existsSync(join(repoRoot, readme))),
  ];
  it.each(readOnGitHub)('%s: every relative link and anchor resolves', (readme) => {
    expect(problemsOf(readme, { absoluteFiles: false })).toEqual([]);
  });
});
