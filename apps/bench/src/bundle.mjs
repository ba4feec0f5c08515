// 2. Bundle size: the same small program (create a client, start one build; see src/entries/) bundled and
// minified by esbuild for the browser and for Node, reported raw and gzipped (zlib level 9).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadOurClient } from './subjects.mjs';

export const BUNDLE_SUBJECTS = [
  { id: 'ours', label: 'our client', entry: 'ours.mjs' },
  { id: 'openapi-fetch', label: 'bare openapi-fetch', entry: 'openapi-fetch.mjs' },
  { id: 'floor', label: 'openapi-fetch + our generated validators', entry: 'floor.mjs' },
  { id: 'official', label: '@northflank/js-client', entry: 'official.mjs' },
];
export const PLATFORMS = ['browser', 'node'];

/** Why esbuild refused, in one line: the first error and how many there were. */
function describeFailure(error, platform) {
  const errors = error.errors ?? [];
  const first = errors[0]?.text ?? error.message.split('\n')[0];
  const where = platform === 'browser' ? 'does not bundle for browsers' : 'does not bundle for Node';
  return `${where} (${errors.length || 1} esbuild error${errors.length === 1 ? '' : 's'}, first: ${first})`;
}

export async function bundleOne(entryPath, platform) {
  try {
    const result = await build({
      entryPoints: [entryPath],
      bundle: true,
      minify: true,
      format: 'esm',
      platform,
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    return { rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  } catch (error) {
    return { unavailable: describeFailure(error, platform) };
  }
}

export async function runBundles({ log }) {
  const rows = [];
  const ours = await loadOurClient();
  for (const subject of BUNDLE_SUBJECTS) {
    const entryPath = new URL(`./entries/${subject.entry}`, import.meta.url).pathname;
    const row = { id: subject.id, label: subject.label, entry: `src/entries/${subject.entry}` };
    for (const platform of PLATFORMS) {
      // An unbuilt client is a missing prerequisite, not a bundling verdict: say which.
      row[platform] =
        subject.id === 'ours' && !ours.module
          ? { unavailable: ours.reason }
          : await bundleOne(entryPath, platform);
    }
    log(`bundle: ${subject.label} done`);
    rows.push(row);
  }
  const official = rows.find((r) => r.id === 'official');
  for (const row of rows) {
    for (const platform of PLATFORMS) {
      const officialNode = official.node.gzipBytes;
      // The official client only bundles for Node, so every ratio compares against its Node bundle.
      if (row[platform].gzipBytes && officialNode) {
        row[platform].officialNodeGzipOverThis = officialNode / row[platform].gzipBytes;
      }
    }
  }
  return { compression: 'gzip level 9', esbuild: 'bundle, minify, format esm, target es2022', rows };
}
