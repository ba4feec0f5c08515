// Loads the packages under test. Our client may not be built yet (or may fail to load); the bench then
// reports its rows as unavailable, still measures everything else, and fails the budgets that need it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const OUR_PACKAGE = '@start-job-build/client';
export const OFFICIAL_PACKAGE = '@northflank/js-client';

/** Directory of a dependency of the bench (read directly: some packages do not export package.json). */
export function packageDir(name) {
  return join(BENCH_DIR, 'node_modules', name);
}

export function packageVersion(name) {
  return JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;
}

let ours;
/** `{ module }` when our client imports, else `{ reason }` saying what is missing and how to fix it. */
export async function loadOurClient() {
  if (ours) return ours;
  try {
    const module = await import(OUR_PACKAGE);
    if (typeof module.createClient !== 'function') {
      ours = { reason: `${OUR_PACKAGE} does not export createClient` };
    } else {
      ours = { module };
    }
  } catch (error) {
    const built = existsSync(join(packageDir(OUR_PACKAGE), 'dist'));
    const incomplete = error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(OUR_PACKAGE);
    ours = {
      reason: !built
        ? `${OUR_PACKAGE} is not built (run pnpm build)`
        : incomplete
          ? `${OUR_PACKAGE}'s dist/ is incomplete (run pnpm build)`
          : `${OUR_PACKAGE} failed to load: ${error.message.split('\n')[0]}`,
    };
  }
  return ours;
}
