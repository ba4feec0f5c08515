// The breaking-change gate: bundle the spec at the base ref and in the working tree, let
// `redocly diff` rate the difference, and compare the needed bump with the pending changesets.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { declaredBumps, publishedPackages } from './changesets.mjs';
import { BUMPS, classifyReport, exceeds } from './classify.mjs';
import { exportDirectory, repoRoot, resolveCommit } from './git.mjs';
import { bundle, diff } from './redocly.mjs';

/**
 * @typedef {object} SpecDiffResult
 * @property {string} base the ref compared against
 * @property {string} spec the spec entry, relative to the repository root
 * @property {boolean} baseMissing true when the spec did not exist at the base ref
 * @property {string} required the bump the spec change needs
 * @property {string} redoclyBump Redocly's own rating, before this tool's correction
 * @property {Record<string, { bump: string, changesets: string[] }>} declared per published package
 * @property {ReturnType<typeof classifyReport>['changes']} changes
 * @property {{ passed: boolean, reason: string, failing: string[] }} gate
 */

/**
 * @param {{ base: string, cwd?: string, spec?: string }} options
 * @returns {Promise<SpecDiffResult>}
 */
export async function runSpecDiff({ base, cwd = process.cwd(), spec = 'spec/openapi.yaml' }) {
  const root = await repoRoot(resolve(cwd));
  // The entry is relative to the repository root, wherever in the repository this runs.
  const specEntry = relative(root, resolve(root, spec));
  const specDir = dirname(specEntry);
  const config = join(root, 'redocly.yaml');
  if (!existsSync(join(root, specEntry))) throw new Error(`No spec at ${specEntry} in the working tree.`);
  const commit = await resolveCommit(root, base);

  const work = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  try {
    const baseTree = join(work, 'base-tree');
    mkdirSync(baseTree);
    await exportDirectory(root, commit, specDir, baseTree);
    const baseMissing = !existsSync(join(baseTree, specEntry));

    const baseBundle = join(work, 'base.yaml');
    const revisionBundle = join(work, 'revision.yaml');
    await bundle({ entry: join(root, specEntry), output: revisionBundle, config });
    let classified;
    if (baseMissing) {
      classified = {
        bump: 'minor',
        redoclyBump: 'minor',
        changes: [
          {
            impact: 'minor',
            redoclyImpact: 'minor',
            adjusted: false,
            kind: 'added',
            rules: [],
            message: 'The contract was added.',
            location: '(document)',
            pointer: specEntry,
          },
        ],
      };
    } else {
      await bundle({ entry: join(baseTree, specEntry), output: baseBundle, config });
      const report = await diff({
        base: baseBundle,
        revision: revisionBundle,
        output: join(work, 'diff.json'),
      });
      // The bundles too: a difference `redocly diff` does not report (an example value) still
      // changes the published spec.
      const [baseDocument, revisionDocument] = [baseBundle, revisionBundle].map((file) =>
        parse(readFileSync(file, 'utf8')),
      );
      classified = classifyReport(report, { base: baseDocument, revision: revisionDocument });
    }

    const { packages: declared } = await declaredBumps(root, publishedPackages(root));
    const gate = evaluateGate(classified, declared);
    return {
      base,
      spec: specEntry,
      baseMissing,
      required: classified.bump,
      redoclyBump: classified.redoclyBump,
      declared,
      changes: classified.changes,
      gate,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Passes when every published package declares at least the bump the spec change needs.
 * @param {{ bump: string, changes: Array<{ impact: string, message: string, location: string }> }} classified
 * @param {Record<string, { bump: string }>} declared
 */
export function evaluateGate(classified, declared) {
  const required = classified.bump;
  const names = Object.keys(declared);
  if (required === 'none') {
    return { passed: true, reason: 'The contract did not change.', failing: [] };
  }
  if (names.length === 0) {
    return { passed: true, reason: 'No published packages to check.', failing: [] };
  }
  const short = names.filter((name) => exceeds(required, declared[name].bump));
  if (short.length === 0) {
    return {
      passed: true,
      reason: `The spec change needs a ${required} release and the pending changesets declare enough.`,
      failing: [],
    };
  }
  const declaredText = short.map((name) => `${name}: ${declared[name].bump}`).join(', ');
  const culprits = classified.changes
    .filter((change) => BUMPS.indexOf(change.impact) > BUMPS.indexOf(declared[short[0]].bump))
    .map((change) => `${change.message} (${change.location})`);
  return {
    passed: false,
    reason:
      `The spec change needs a ${required} release, but the pending changesets declare less (${declaredText}). ` +
      `Run \`pnpm changeset\` and choose ${required} for ${short.join(' and ')}.`,
    failing: culprits,
  };
}
