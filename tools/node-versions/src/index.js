// Where the Node.js binaries that `pnpm install` fetched from the npm registry live. The `node`
// package's install script downloads the binary of its own version (as another npm package), so
// two majors sit side by side under the aliases node22 and node24.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NODE_MAJORS = [22, 24];

/** The path of the Node.js binary of that major; throws an error that names the fix when it is missing. */
export function nodeBinary(major) {
  if (!NODE_MAJORS.includes(major)) {
    throw new Error(`No Node.js ${major} here: tools/node-versions installs ${NODE_MAJORS.join(' and ')}.`);
  }
  const path = fileURLToPath(new URL(`../node_modules/node${major}/bin/node`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: run \`pnpm install\` at the repository root (\`node\` must be allowed under ` +
        '`allowBuilds:` in pnpm-workspace.yaml: its install script fetches the binary).',
    );
  }
  return path;
}
