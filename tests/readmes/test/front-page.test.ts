// The root README is the project's front page: what it is, the two commands, a short example,
// its methods (one per operation of the spec), the layout, how to change the spec. Dated
// benchmark tables belong to apps/bench/README.md, with one summary and a link on the front page.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchors, repoRoot, typescriptBlocks } from './readmes.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const bench = readFileSync(join(repoRoot, 'apps/bench/README.md'), 'utf8');
const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
const COMMANDS = ['npm i -g pnpm@12.4.2 && pnpm install && pnpm build', 'pnpm test'];
// The bundled contract, to hold the README's list of methods to the spec's operations.
const spec: { paths: Record<string, Record<string, { operationId?: unknown }>> } = createRequire(
  import.meta.url,
)('@start-job-build/types/openapi.json');

/** The text of a `## heading` section, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next === -1 ? undefined : next);
}

describe('the root README', () => {
  it('says what the project is before anything else', () => {
    const intro = readme.slice(0, readme.indexOf('\n## '));
    expect(intro).toMatch(/TypeScript SDK/);
    expect(intro).toContain('POST /v1/projects/{projectId}/jobs/{jobId}/build');
    expect(intro).toContain('@start-job-build/client');
    expect(intro).toContain('@start-job-build/types');
  });

  it('gives the two Quick start commands exactly as .ci/run runs them', () => {
    const quickStart = section(readme, 'Quick start');
    expect(quickStart).toContain(`\`\`\`sh\n${COMMANDS.join('\n')}\n\`\`\``);
    expect(ci).toContain(`\n${COMMANDS[0]}\n`);
    expect(ci).toContain(`\n${COMMANDS[1]}\n`);
  });

  it('shows a short example first (compiled and run by examples.test.ts)', () => {
    const [example] = typescriptBlocks('README.md');
    expect(example?.code.split('\n').length).toBeLessThanOrEqual(15);
    expect(example?.code).toContain("from '@start-job-build/client'");
  });

  it('names every operation of the spec as a client method, and no other', () => {
    const operationIds = Object.values(spec.paths)
      .flatMap((pathItem) => Object.values(pathItem).map((value) => value?.operationId))
      .filter((id): id is string => typeof id === 'string');
    const sentence = readme.match(
      /Every operation is also a method named by its operationId:[\s\S]*?\n\n/,
    )?.[0];
    expect(sentence, 'the sentence that lists the methods').toBeDefined();
    const listed = [...(sentence ?? '').matchAll(/`client\.(\w+)\(\)`/g)].map((match) => match[1]);
    expect(listed.sort(), "update the README's list of methods").toEqual(operationIds.sort());
  });

  it('shows the layout, and every folder and file it lists exists', () => {
    const layout = section(readme, 'Layout').match(/```\n([\s\S]*?)```/)?.[1] ?? '';
    const listed: string[] = [];
    const parents: string[] = [];
    for (const line of layout.split('\n')) {
      const match = line.match(/^( *)(\S+)/);
      if (!match) continue;
      const depth = (match[1] ?? '').length / 2;
      parents.length = depth;
      const path = [...parents, match[2]].join('').replace(/\/$/, '');
      listed.push(path);
      if (match[2]?.endsWith('/')) parents[depth] = match[2];
    }
    expect(listed).toEqual(
      expect.arrayContaining(['spec', 'packages/client', 'apps/bench', 'tests/readmes']),
    );
    expect(listed.filter((path) => !existsSync(join(repoRoot, path)))).toEqual([]);
  });

  it('says how to change the spec', () => {
    const changing = section(readme, 'Changing the spec');
    for (const step of ['spec/', 'pnpm build', 'pnpm changeset', 'pnpm spec:diff', 'pnpm test']) {
      expect(changing).toContain(step);
    }
  });

  it('keeps benchmark tables and budget lines off the front page: one summary and a link', () => {
    expect(readme).not.toMatch(/^(PASS|FAIL) /m);
    expect(readme).not.toMatch(/^\| .*µs\/call/m);
    expect(readme).not.toMatch(/^#{3,4} (Per-call time|Bundle size|Import cost)/m);
    const benchmarks = section(readme, 'Benchmarks');
    expect(benchmarks).toContain('(apps/bench/README.md)');
    expect(benchmarks.trim().split('\n\n')).toHaveLength(2); // the heading and one paragraph
  });
});

describe('apps/bench/README.md', () => {
  it('holds the latest results: the tables and the budget lines', () => {
    expect(headingAnchors('apps/bench/README.md')).toContain('latest-results');
    const results = section(bench, 'Latest results');
    for (const table of ['Per-call time', 'Bundle size', 'Import cost', 'Validation throughput', 'Budgets']) {
      expect(results).toContain(`### ${table}`);
    }
    expect(results).toMatch(/^(PASS|FAIL) per-call time/m);
  });
});
