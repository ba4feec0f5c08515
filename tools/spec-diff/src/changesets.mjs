// What the pending changesets promise for the published packages. The files are parsed by
// @changesets/read, the same reader the changesets CLI uses; the fixed groups come from
// .changeset/config.json, so a changeset naming one package of a group counts for all of it,
// exactly as `changeset version` will bump them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readChangesets } from '@changesets/read';
import { maxBump } from './classify.mjs';

/** Non-private packages under packages/: the ones that get published. */
export function publishedPackages(root) {
  const dir = join(root, 'packages');
  if (!existsSync(dir)) return [];
  const names = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const manifest = join(dir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (pkg.name && pkg.private !== true) names.push(pkg.name);
  }
  return names.sort();
}

function fixedGroups(root) {
  const configPath = join(root, '.changeset', 'config.json');
  if (!existsSync(configPath)) return [];
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  return Array.isArray(config.fixed) ? config.fixed : [];
}

/**
 * @param {string} root repository root
 * @param {string[]} [packages] the packages to report on; default: the published ones
 * @returns {Promise<{ packages: Record<string, { bump: string, changesets: string[] }>, changesets: any[] }>}
 */
export async function declaredBumps(root, packages = publishedPackages(root)) {
  const changesets = existsSync(join(root, '.changeset')) ? await readChangesets(root) : [];
  const groups = fixedGroups(root);
  const groupOf = (name) => groups.find((group) => group.includes(name)) ?? [name];
  const result = {};
  for (const name of packages) {
    const members = groupOf(name);
    let bump = 'none';
    const ids = [];
    for (const changeset of changesets) {
      for (const release of changeset.releases) {
        if (!members.includes(release.name)) continue;
        bump = maxBump(bump, release.type);
        if (!ids.includes(changeset.id)) ids.push(changeset.id);
      }
    }
    result[name] = { bump, changesets: ids.sort() };
  }
  return { packages: result, changesets };
}
