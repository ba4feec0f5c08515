// The READMEs this package holds to account, and what is in them: code blocks and links, each with
// the line it starts on, read with a CommonMark parser (mdast-util-from-markdown) rather than
// regular expressions, so that fences inside lists, `~~~` fences and reference links count too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { visit } from 'unist-util-visit';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** A workspace package under packages/: its folder (relative to the repository) and manifest. */
export interface WorkspacePackage {
  dir: string;
  manifest: {
    name: string;
    private?: boolean;
    files?: string[];
    repository?: { type?: string; url?: string; directory?: string } | string;
  };
}

/** Every package under packages/ that has a package.json, whoever added it. */
export function workspacePackages(): WorkspacePackage[] {
  const packagesDir = join(repoRoot, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => ({
      dir: `packages/${entry.name}`,
      manifest: JSON.parse(readFileSync(join(packagesDir, entry.name, 'package.json'), 'utf8')),
    }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The root README and every packages/<name>/README.md, as paths relative to the repository. */
export function readmePaths(): string[] {
  return [
    'README.md',
    ...workspacePackages()
      .map((pkg) => `${pkg.dir}/README.md`)
      .filter((path) => existsSync(join(repoRoot, path))),
  ];
}

function parse(markdown: string): Root {
  return fromMarkdown(markdown);
}

export interface CodeBlock {
  /** The Markdown file, relative to the repository (or the path it was given). */
  readme: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  lang: string;
  code: string;
}

const TYPESCRIPT = new Set(['ts', 'typescript', 'mts', 'cts']);

/** The TypeScript blocks of a Markdown file, in order. */
export function typescriptBlocks(file: string): CodeBlock[] {
  const readme = relative(repoRoot, resolve(repoRoot, file));
  const blocks: CodeBlock[] = [];
  visit(parse(readFileSync(resolve(repoRoot, file), 'utf8')), 'code', (node) => {
    const lang = (node.lang ?? '').toLowerCase();
    if (TYPESCRIPT.has(lang)) {
      blocks.push({ readme, line: node.position?.start.line ?? 0, lang, code: node.value });
    }
  });
  return blocks;
}

export interface MarkdownLink {
  url: string;
  line: number;
}

/** Every link and link reference definition of a Markdown file (images included). */
export function links(file: string): MarkdownLink[] {
  const found: MarkdownLink[] = [];
  visit(parse(readFileSync(resolve(repoRoot, file), 'utf8')), (node) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      found.push({ url: node.url, line: node.position?.start.line ?? 0 });
    }
  });
  return found;
}

/** The anchors GitHub and npm give the headings of a Markdown file (`## Following a build` → `following-a-build`). */
export function headingAnchors(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  visit(parse(readFileSync(resolve(repoRoot, file), 'utf8')), 'heading', (node) => {
    let text = '';
    visit(node, (child) => {
      if (child.type === 'text' || child.type === 'inlineCode') text += child.value;
    });
    anchors.add(slugger.slug(text));
  });
  return anchors;
}
