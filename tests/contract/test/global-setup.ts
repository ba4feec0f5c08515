// Starts one Prism mock of the bundled contract (the openapi.yaml that ships in
// @start-job-build/types) for every contract test file, and stops it when the run ends,
// whether the tests passed or failed.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type PrismMock, startPrismMock } from '@start-job-build/prism-mock';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

const require = createRequire(import.meta.url);
// The YAML bundle is a file for tools, not a module, so the package exports no subpath for it.
const bundledSpec = join(
  dirname(require.resolve('@start-job-build/types/package.json')),
  'openapi/openapi.yaml',
);

let prism: PrismMock | undefined;
let specCopyDir: string | undefined;

export async function setup(project: TestProject) {
  // Prism watches the file it mocks and restarts (refusing connections for a moment) whenever
  // it is written, and `pnpm generate` rewrites the bundled spec. A private copy keeps the mock
  // steady while other tasks regenerate.
  specCopyDir = mkdtempSync(join(tmpdir(), 'contract-spec-'));
  const spec = join(specCopyDir, 'openapi.yaml');
  copyFileSync(bundledSpec, spec);
  prism = await startPrismMock({ spec, errors: true });
  project.provide('prismUrl', prism.url);
}

export async function teardown() {
  if (prism) {
    const answering = await fetch(prism.url, { method: 'OPTIONS', signal: AbortSignal.timeout(2000) }).then(
      () => true,
      () => false,
    );
    if (!answering || process.env.PRISM_DEBUG) {
      const lines = prism.output().trimEnd().split('\n');
      console.error(
        `${answering ? 'Prism output' : 'Prism stopped answering during the run'}; its last lines:\n${lines.slice(-40).join('\n')}`,
      );
    }
    await prism.stop();
  }
  if (specCopyDir) rmSync(specCopyDir, { recursive: true, force: true });
}
